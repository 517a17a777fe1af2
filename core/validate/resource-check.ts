import type { ObjectKey } from '../model/k8s-object.js';
import type { Snapshot, TypeUrl } from '../snapshot/snapshot.js';
import { ownersAt, type ProvenanceMap } from '../translate/provenance.js';
import { checkResource } from './large-resource.js';

export interface ResourceProblem {
  type: TypeUrl;
  name: string;
  /** The objects the problem is charged to; empty when no object made that part (isobar's own fault). */
  owners: ObjectKey[];
  /** The owner's field behind the faulty part, when known. */
  field?: string;
  message: string;
}

/**
 * Resources already found acceptable, by type and content hash: a build checks only what it has not
 * checked before, so an unchanged resource costs a set lookup. Bounded; cleared when full.
 */
const accepted = new Set<string>();
const ACCEPTED_LIMIT = 200_000;

/** Every resource of the snapshot as Envoy would judge it, each problem charged to the objects behind it. */
export function checkSnapshot(snapshot: Snapshot, provenance: ProvenanceMap): ResourceProblem[] {
  const problems: ResourceProblem[] = [];
  for (const [type, set] of snapshot.resources) {
    const typeName = type.slice(type.lastIndexOf('/') + 1);
    for (const item of set.items.values()) {
      const key = `${type}|${item.version}`;
      if (accepted.has(key)) continue;
      const violations = checkResource(typeName, item.name, item.resource.value);
      if (violations.length === 0) {
        if (accepted.size >= ACCEPTED_LIMIT) accepted.clear();
        accepted.add(key);
        continue;
      }
      const prov = provenance.get(type)?.get(item.name);
      for (const v of violations) {
        const at = prov ? ownersAt(prov, v.path) : { owners: [] };
        problems.push({ type, name: item.name, owners: at.owners, ...(at.field ? { field: at.field } : {}), message: v.message });
      }
    }
  }
  return problems;
}

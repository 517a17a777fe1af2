import type { ObjectKey, ObjectRef } from '../model/k8s-object.js';
import { objectKey } from '../model/k8s-object.js';

/**
 * Which objects produced a resource, and which produced each part of it: `children.virtual_hosts[i]`
 * for the i-th virtual host of a route configuration, and so on (proto field names, as in a validation
 * path). A problem found at a path is charged to the deepest part that names owners.
 */
export interface Provenance {
  owners: ObjectKey[];
  /** The owner's field that made this part (e.g. `spec.routes[2]`), when there is one owner. */
  field?: string;
  children?: Record<string, Provenance[]>;
}

export function provenanceOf(refs: Iterable<ObjectRef>, children?: Record<string, Provenance[]>, field?: string): Provenance {
  const owners = [...new Set([...refs].map(objectKey))].sort();
  return { owners, ...(children ? { children } : {}), ...(field !== undefined && owners.length === 1 ? { field } : {}) };
}

/** Every owner anywhere in `p`, sorted: who made the resource as a whole. */
export function allOwners(p: Provenance): ObjectKey[] {
  const out = new Set(p.owners);
  const visit = (n: Provenance) => {
    for (const list of Object.values(n.children ?? {})) {
      for (const c of list) {
        for (const o of c.owners) out.add(o);
        visit(c);
      }
    }
  };
  visit(p);
  return [...out].sort();
}

/** The deepest part of `p` that `path` reaches and that names owners. */
export function ownersAt(p: Provenance, path: readonly (string | number)[]): Provenance {
  let best = p;
  let node: Provenance | undefined = p;
  for (let i = 0; node && i < path.length; i++) {
    const list: Provenance[] | undefined = node.children?.[String(path[i])];
    const index = path[i + 1];
    if (!list || typeof index !== 'number') break;
    node = list[index];
    i++;
    if (node && node.owners.length > 0) best = node;
  }
  return best;
}

/** Resource provenance by `typeUrl` then resource name. */
export type ProvenanceMap = Map<string, Map<string, Provenance>>;

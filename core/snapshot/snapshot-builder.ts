import type { Any } from '../generated/google/protobuf/any.js';
import { compareStrings } from '../util/compare.js';
import { shortHash } from '../util/stable-json.js';
import { PUBLISH_ORDER, type ResourceSet, type Snapshot, type SnapshotResource, type TypeUrl } from './snapshot.js';

export interface NamedResource {
  name: string;
  resource: Any;
  explicitOnly?: boolean;
}

/**
 * Freezes translated resources into a snapshot: sorted by name, each versioned by a hash of its bytes,
 * each set versioned by its members. Same input, same versions, so unchanged resources are recognised
 * by the sinks and not sent again.
 */
export function buildSnapshot(byType: ReadonlyMap<TypeUrl, readonly NamedResource[]>): Snapshot {
  const resources = new Map<TypeUrl, ResourceSet>();
  for (const type of PUBLISH_ORDER) resources.set(type, resourceSet(byType.get(type) ?? []));
  const version = shortHash([...resources.values()].map((s) => s.version).join(','), 16);
  return { version, createdAt: new Date(), resources };
}

/**
 * Translated lists are never changed once built, so a list seen before (an endpoint-only rebuild keeps
 * every other type's list) reuses its set instead of hashing every resource again.
 */
const setCache = new WeakMap<readonly NamedResource[], ResourceSet>();

export function resourceSet(list: readonly NamedResource[]): ResourceSet {
  let set = setCache.get(list);
  if (!set) setCache.set(list, (set = computeResourceSet(list)));
  return set;
}

function computeResourceSet(list: readonly NamedResource[]): ResourceSet {
  const sorted = [...list].sort((a, b) => compareStrings(a.name, b.name));
  const items = new Map<string, SnapshotResource>();
  for (const r of sorted) {
    if (items.has(r.name)) throw new Error(`duplicate resource name ${r.name}`);
    const item: SnapshotResource = { name: r.name, version: shortHash(r.resource.value, 16), resource: r.resource };
    if (r.explicitOnly) item.explicitOnly = true;
    items.set(r.name, item);
  }
  const version = shortHash(sorted.map((r) => `${r.name}=${items.get(r.name)!.version}`).join('\n'), 16);
  return { version, items };
}

import type { Any } from '../generated/google/protobuf/any.js';
import { compareStrings } from '../util/compare.js';
import { shortHash } from '../util/stable-json.js';
import type { Reference } from './consistency.js';
import { fleetIndex, type FleetIndex } from './fleet-index.js';
import { setVersion } from './set-version.js';
import { PUBLISH_ORDER, TypeUrl, type ResourceSet, type Snapshot, type SnapshotResource } from './snapshot.js';

export interface NamedResource {
  name: string;
  resource: Any;
  explicitOnly?: boolean;
  /** Listeners: the fleet whose Envoys serve it (see ListenerDefinition.fleet); absent: the default fleet. */
  fleet?: string;
}

/**
 * Freezes translated resources into a snapshot: sorted by name, each versioned by a hash of its bytes,
 * each set versioned by its members. Same input, same versions, so unchanged resources are recognised
 * by the sinks and not sent again. `references` (what refers to what) tell the fleets apart when a
 * listener names a fleet; the snapshot's version then covers which listener serves which fleet too.
 */
export function buildSnapshot(byType: ReadonlyMap<TypeUrl, readonly NamedResource[]>, references: readonly Reference[] = []): Snapshot {
  const resources = new Map<TypeUrl, ResourceSet>();
  for (const type of PUBLISH_ORDER) resources.set(type, resourceSet(byType.get(type) ?? []));
  const fleets = fleetsOf(byType.get(TypeUrl.Listener) ?? [], references);
  const versions = [...resources.values()].map((s) => s.version).join(',');
  if (!fleets) return { version: shortHash(versions, 16), createdAt: new Date(), resources };
  return { version: shortHash(`${versions}|${fleets.signature}`, 16), createdAt: new Date(), resources, fleets };
}

/** The last index per listener list: an endpoint-only rebuild keeps both lists, so it keeps the index. */
const indexCache = new WeakMap<readonly NamedResource[], { references: readonly Reference[]; index: FleetIndex | undefined }>();

function fleetsOf(listeners: readonly NamedResource[], references: readonly Reference[]): FleetIndex | undefined {
  const cached = indexCache.get(listeners);
  if (cached?.references === references) return cached.index;
  const index = fleetIndex(listeners, references);
  indexCache.set(listeners, { references, index });
  return index;
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
  return { version: setVersion(items.values()), items };
}

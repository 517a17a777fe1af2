// Imports only types from snapshot.ts, which re-exports this module (no import cycle at run time).
import type { FleetScope } from './fleet-index.js';
import { DEFAULT_FLEET, NOTHING, type NameFilter } from './fleet.js';
import { setVersion } from './set-version.js';
import type { ResourceSet, Snapshot, SnapshotResource, TypeUrl } from './snapshot.js';

/** Views already made, per snapshot and fleet: every stream of a fleet shares one. */
const views = new WeakMap<Snapshot, Map<string, Snapshot>>();
/**
 * Filtered sets, per full set and filter. An endpoint-only rebuild keeps every other type's set and the
 * fleet index (so the filters), so a fleet's view of those types is reused, not filtered again.
 */
const filtered = new WeakMap<ResourceSet, WeakMap<NameFilter, ResourceSet>>();

/**
 * What the Envoys of `fleet` are served of `snapshot`: its listeners and what they refer to (see
 * FleetIndex), each set versioned as a full set is, so a view's versions change only when something in
 * it does. Without fleet listeners the default fleet's view is the snapshot itself, at no cost.
 */
export function fleetView(snapshot: Snapshot, fleet: string = DEFAULT_FLEET): Snapshot {
  if (snapshot.fleet !== undefined) {
    if (snapshot.fleet === fleet) return snapshot;
    throw new Error(`a view of fleet "${snapshot.fleet}" has no view of fleet "${fleet}"`);
  }
  if (!snapshot.fleets && fleet === DEFAULT_FLEET) return snapshot;
  let byFleet = views.get(snapshot);
  if (!byFleet) views.set(snapshot, (byFleet = new Map()));
  let view = byFleet.get(fleet);
  if (!view) byFleet.set(fleet, (view = makeView(snapshot, fleet, snapshot.fleets?.scope(fleet))));
  return view;
}

/** `scope` undefined: the snapshot has no fleet listeners, so a named fleet gets nothing. */
function makeView(snapshot: Snapshot, fleet: string, scope: FleetScope | undefined): Snapshot {
  const resources = new Map<TypeUrl, ResourceSet>();
  for (const [type, set] of snapshot.resources) resources.set(type, viewOf(set, scope ? scope.get(type) : NOTHING));
  return { version: setVersion([...resources].map(([type, s]) => ({ name: type, version: s.version }))), createdAt: snapshot.createdAt, resources, fleet };
}

function viewOf(set: ResourceSet, filter: NameFilter | undefined): ResourceSet {
  if (!filter) return set;
  let byFilter = filtered.get(set);
  if (!byFilter) filtered.set(set, (byFilter = new WeakMap()));
  let view = byFilter.get(filter);
  if (!view) byFilter.set(filter, (view = filterSet(set, filter)));
  return view;
}

function filterSet(set: ResourceSet, filter: NameFilter): ResourceSet {
  const kept: SnapshotResource[] = [];
  if ('only' in filter) {
    // Walks the fleet's names, not the whole set: a small fleet's view costs what it holds.
    for (const name of filter.only) {
      const r = set.items.get(name);
      if (r) kept.push(r);
    }
  } else {
    for (const r of set.items.values()) if (!filter.except.has(r.name)) kept.push(r);
  }
  if (kept.length === set.items.size) return set;
  return { version: setVersion(kept), items: new Map(kept.map((r) => [r.name, r])) };
}

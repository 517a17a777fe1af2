import type { ResourceSet, SnapshotResource, TypeUrl } from '../../core/index.js';
import { responseVersion } from './subscription.js';
import { allowsWildcard } from './xds-types.js';

/** What the client was told about a name it asked for that does not exist. */
export const ABSENT = '';

/**
 * One delta stream's state for one type: what the client subscribed to, and what it has — from
 * initial_resource_versions when it (re)connects, then from what was sent to it. A name maps to the
 * version it holds, or to ABSENT once it was told the name does not exist.
 */
export interface DeltaSubscription {
  wildcard: boolean;
  names: Set<string>;
  known: Map<string, string>;
}

export interface DeltaRequestNames {
  subscribe: readonly string[];
  unsubscribe: readonly string[];
  initialVersions: Readonly<Record<string, string>>;
}

/**
 * The first request of a type on a stream: a wildcard when it names nothing or names "*" (LDS and CDS
 * only: a listener or cluster names exactly the routes, endpoints and secrets it needs).
 */
export function openDeltaSubscription(typeUrl: TypeUrl, request: DeltaRequestNames): DeltaSubscription {
  const wildcard = allowsWildcard(typeUrl) && (request.subscribe.length === 0 || request.subscribe.includes('*'));
  const sub: DeltaSubscription = { wildcard, names: new Set(), known: new Map(Object.entries(request.initialVersions)) };
  applyDeltaRequest(typeUrl, sub, { ...request, initialVersions: {} }, true);
  return sub;
}

/**
 * Applies a later request's subscribe/unsubscribe lists. A name subscribed again is sent again (the
 * client may have dropped it); an unsubscribed name is forgotten, so the client needs no removal for it.
 */
export function applyDeltaRequest(typeUrl: TypeUrl, sub: DeltaSubscription, request: DeltaRequestNames, initial = false): void {
  for (const name of request.subscribe) {
    if (name === '*') {
      if (allowsWildcard(typeUrl)) sub.wildcard = true;
      continue;
    }
    sub.names.add(name);
    if (!initial) sub.known.delete(name);
  }
  for (const name of request.unsubscribe) {
    if (name === '*') {
      sub.wildcard = false;
      continue;
    }
    sub.names.delete(name);
    sub.known.delete(name);
  }
  if (!sub.wildcard) {
    // Whatever the client holds that it no longer asks for is its own business now.
    for (const name of sub.known.keys()) if (!sub.names.has(name)) sub.known.delete(name);
  }
}

export interface DeltaChanges {
  /** Resources the client lacks or holds at another version, in name order. */
  updated: SnapshotResource[];
  /** Names the client holds (or asked for) that it must be told are gone, in name order. */
  removed: string[];
  /** The version of everything the client sees after applying this, as SotW would version it. */
  version: string;
}

function wanted(sub: DeltaSubscription, r: SnapshotResource): boolean {
  return sub.names.has(r.name) || (sub.wildcard && !r.explicitOnly);
}

/** What to send so the client ends up with exactly its share of `set`. Pure: `sub` is not touched. */
export function deltaChanges(set: ResourceSet | undefined, sub: DeltaSubscription): DeltaChanges {
  const items = set?.items ?? new Map<string, SnapshotResource>();
  const visible: SnapshotResource[] = [];
  const updated: SnapshotResource[] = [];
  for (const r of items.values()) {
    if (!wanted(sub, r)) continue;
    visible.push(r);
    if (sub.known.get(r.name) !== r.version) updated.push(r);
  }
  const removed = new Set<string>();
  for (const [name, version] of sub.known) {
    const r = items.get(name);
    if (version !== ABSENT && (r === undefined || !wanted(sub, r))) removed.add(name);
  }
  // A named subscription to something that does not exist gets an answer too, or the client waits for it.
  for (const name of sub.names) if (!items.has(name) && !sub.known.has(name)) removed.add(name);
  return { updated, removed: [...removed].sort(), version: responseVersion(visible) };
}

/** Records that `changes` went out: the client now holds those versions and knows of those removals. */
export function recordSent(sub: DeltaSubscription, changes: DeltaChanges): void {
  for (const r of changes.updated) sub.known.set(r.name, r.version);
  for (const name of changes.removed) {
    if (sub.names.has(name)) sub.known.set(name, ABSENT);
    else sub.known.delete(name);
  }
}

import { compareStrings, shortHash, TypeUrl, type ResourceSet, type SnapshotResource } from '../../core/index.js';
import { allowsWildcard } from './xds-types.js';

/** What one stream asked for, for one type. */
export interface Subscription {
  /** Every resource of the type (except explicit-only ones) is wanted. */
  wildcard: boolean;
  /** Names asked for explicitly (without "*"). */
  names: ReadonlySet<string>;
}

/**
 * The subscription after a request, following the xDS SotW rules: for LDS/CDS the first request with
 * no names means "everything" (legacy wildcard) and stays so while the names stay empty; "*" is an
 * explicit wildcard. By-name types never become wildcard: an empty list there means "nothing".
 */
export function nextSubscription(typeUrl: TypeUrl, previous: Subscription | undefined, resourceNames: readonly string[]): Subscription {
  const names = new Set(resourceNames.filter((n) => n !== '*'));
  if (!allowsWildcard(typeUrl)) return { wildcard: false, names };
  const explicitWildcard = resourceNames.includes('*');
  const legacyWildcard = resourceNames.length === 0 && (previous === undefined || previous.wildcard);
  return { wildcard: explicitWildcard || legacyWildcard, names };
}

export function sameSubscription(a: Subscription, b: Subscription): boolean {
  if (a.wildcard !== b.wildcard || a.names.size !== b.names.size) return false;
  for (const n of a.names) if (!b.names.has(n)) return false;
  return true;
}

/**
 * The resources a client with this subscription gets, in name order. SotW: the full set of what it
 * asked for that exists. Wildcard subscribers never get explicit-only resources unless they also
 * named them.
 */
export function selectResources(set: ResourceSet | undefined, sub: Subscription): SnapshotResource[] {
  if (!set) return [];
  const out: SnapshotResource[] = [];
  for (const r of set.items.values()) {
    if (sub.names.has(r.name) || (sub.wildcard && !r.explicitOnly)) out.push(r);
  }
  return out;
}

/**
 * The version of a response: derived from exactly what is sent, in the same form as a ResourceSet's
 * version, so equal content gives equal versions for every client and across restarts.
 */
export function responseVersion(resources: readonly SnapshotResource[]): string {
  return shortHash(resources.map((r) => `${r.name}=${r.version}`).join('\n'), 16);
}

/**
 * Listener and Cluster responses must carry every resource the client wants; the other types are
 * grouped as in incremental xDS, so a response may carry only what changed. From the xDS protocol,
 * "Grouping Resources into Responses" (envoyproxy.io/docs/envoy/latest/api-docs/xds_protocol):
 * "In the SotW protocol variants, all resource types except for Listener and Cluster are grouped into
 * responses in the same way as in the incremental protocol variants. However, Listener and Cluster
 * resource types are handled differently: the server must include the complete state of the world".
 * Envoy agrees: a SotW EDS/RDS/SDS response only updates the watches whose names it carries.
 */
export function needsFullState(typeUrl: TypeUrl): boolean {
  return typeUrl === TypeUrl.Listener || typeUrl === TypeUrl.Cluster;
}

/** What the client is known to hold: name → version of the resource last sent to it. */
export type Held = Map<string, SnapshotResource>;

/** The selected resources the client does not already hold at the same version. */
export function changedResources(selected: readonly SnapshotResource[], held: ReadonlyMap<string, SnapshotResource>): SnapshotResource[] {
  return selected.filter((r) => held.get(r.name)?.version !== r.version);
}

/**
 * Make-before-break for clusters: the selection plus the clusters the client holds that the snapshot
 * dropped but its subscription still covers, kept (as last sent) until routes no longer use them.
 */
export function withRetained(
  selected: readonly SnapshotResource[],
  held: ReadonlyMap<string, SnapshotResource>,
  sub: Subscription,
): { resources: SnapshotResource[]; retained: number } {
  const names = new Set(selected.map((r) => r.name));
  const kept = [...held.values()].filter((r) => !names.has(r.name) && (sub.names.has(r.name) || (sub.wildcard && !r.explicitOnly)));
  if (kept.length === 0) return { resources: [...selected], retained: 0 };
  const resources = [...selected, ...kept].sort((a, b) => compareStrings(a.name, b.name));
  return { resources, retained: kept.length };
}

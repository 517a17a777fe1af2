import { shortHash, type ResourceSet, type SnapshotResource, type TypeUrl } from '../../core/index.js';
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

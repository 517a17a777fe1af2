import { TypeUrl } from './snapshot.js';
import type { NamedResource } from './snapshot-builder.js';

/** A resource of the snapshot, by type and name. */
export interface ResourceKey {
  type: TypeUrl;
  name: string;
}

export interface Reference {
  /** Where the reference is, in words, for error messages. */
  from: string;
  type: TypeUrl;
  name: string;
  /**
   * The resource that holds the reference. Fleet views follow these from a fleet's listeners to what
   * they need; a reference without one is only checked, never followed.
   */
  referrer?: ResourceKey;
}

/** Every RDS, EDS and SDS name a listener or cluster refers to must be in the snapshot. Returns what is missing. */
export function missingReferences(resources: ReadonlyMap<TypeUrl, readonly NamedResource[]>, refs: readonly Reference[]): Reference[] {
  const names = new Map<TypeUrl, Set<string>>();
  for (const [type, list] of resources) names.set(type, new Set(list.map((r) => r.name)));
  return refs.filter((r) => !names.get(r.type)?.has(r.name));
}

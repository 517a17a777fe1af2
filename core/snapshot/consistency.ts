import { TypeUrl } from './snapshot.js';
import type { NamedResource } from './snapshot-builder.js';

export interface Reference {
  from: string;
  type: TypeUrl;
  name: string;
}

/** Every RDS, EDS and SDS name a listener or cluster refers to must be in the snapshot. Returns what is missing. */
export function missingReferences(resources: ReadonlyMap<TypeUrl, readonly NamedResource[]>, refs: readonly Reference[]): Reference[] {
  const names = new Map<TypeUrl, Set<string>>();
  for (const [type, list] of resources) names.set(type, new Set(list.map((r) => r.name)));
  return refs.filter((r) => !names.get(r.type)?.has(r.name));
}

import { shortHash } from '../util/stable-json.js';

/**
 * The version of a set of resources (in name order): a hash over each name and version. One formula
 * for a snapshot's full sets and a fleet's views of them, so equal content gives equal versions.
 */
export function setVersion(items: Iterable<{ name: string; version: string }>): string {
  const lines: string[] = [];
  for (const r of items) lines.push(`${r.name}=${r.version}`);
  return shortHash(lines.join('\n'), 16);
}

import type { SchemaShape } from './config-file.js';

/** One key of the schema that holds a value. */
export interface SchemaLeaf {
  format: unknown;
  env?: string;
  doc: string;
}

/** Every leaf of a convict schema by dotted key, in schema order. */
export function schemaLeaves(schema: object): Map<string, SchemaLeaf> {
  const leaves = new Map<string, SchemaLeaf>();
  const walk = (node: Record<string, unknown>, prefix: string): void => {
    for (const [name, child] of Object.entries(node)) {
      const key = prefix ? `${prefix}.${name}` : name;
      const c = child as Record<string, unknown>;
      if (Object.hasOwn(c, 'default')) leaves.set(key, { format: c['format'], env: c['env'] as string | undefined, doc: String(c['doc'] ?? '') });
      else walk(c, key);
    }
  };
  walk(schema as Record<string, unknown>, '');
  return leaves;
}

/** Whether a dotted key is a leaf, a branch (a prefix of leaves) or unknown. */
export function shapeOf(leaves: ReadonlyMap<string, SchemaLeaf>): SchemaShape {
  const branches = new Set<string>();
  for (const key of leaves.keys()) {
    const parts = key.split('.');
    for (let i = 1; i < parts.length; i++) branches.add(parts.slice(0, i).join('.'));
  }
  return (key) => (leaves.has(key) ? 'leaf' : branches.has(key) ? 'branch' : undefined);
}

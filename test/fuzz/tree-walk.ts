/** Where a value sits in a plain JSON-like tree, so a mutation can replace or delete it in place. */
export interface TreeNode {
  parent: Record<string, unknown> | unknown[];
  key: string | number;
  value: unknown;
  /** Dotted path with [i] indexes, for messages: `spec.rules[0].host`. */
  path: string;
}

export type Tree = Record<string, unknown>;

/** Every node below the root, depth first in key order (deterministic for a given tree). */
export function nodesOf(root: Tree): TreeNode[] {
  const out: TreeNode[] = [];
  const visit = (parent: Record<string, unknown> | unknown[], prefix: string) => {
    const entries: Array<[string | number, unknown]> = Array.isArray(parent) ? parent.map((v, i) => [i, v]) : Object.entries(parent);
    for (const [key, value] of entries) {
      const path = typeof key === 'number' ? `${prefix}[${key}]` : prefix ? `${prefix}.${key}` : key;
      out.push({ parent, key, value, path });
      if (typeof value === 'object' && value !== null) visit(value as Record<string, unknown> | unknown[], path);
    }
  };
  visit(root, '');
  return out;
}

export function setNode(node: TreeNode, value: unknown): void {
  (node.parent as Record<string | number, unknown>)[node.key] = value;
}

export function deleteNode(node: TreeNode): void {
  if (Array.isArray(node.parent)) node.parent.splice(node.key as number, 1);
  else delete node.parent[node.key as string];
}

/** The node at a dotted path (as nodesOf spells it), if there is one. */
export function nodeAt(root: Tree, path: string): TreeNode | undefined {
  return nodesOf(root).find((n) => n.path === path);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepClone<T>(v: T): T {
  return structuredClone(v);
}

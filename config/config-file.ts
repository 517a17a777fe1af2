import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';

/** One value the config file sets: its dotted key, the value, the line it is on, its text as written (scalars). */
export interface FileSetting {
  key: string;
  value: unknown;
  line: number;
  raw?: string;
}

/** A key the file has that is not a leaf of the schema, or a mapping where a value belongs. */
export interface FileKeyProblem {
  key: string;
  line: number;
  message: string;
}

/** What the schema has at a dotted key: a branch of further keys, a leaf value, or nothing. */
export type SchemaShape = (key: string) => 'branch' | 'leaf' | undefined;

/**
 * Reads a config file (YAML, or JSON, which is YAML) into its leaf settings, each with the line it is
 * on, so that an error can point at it. The values are walked in the schema's shape rather than turned
 * into one object, which keeps the text of each number as written ("1e3" stays "1e3").
 */
export function readConfigFile(file: string, shape: SchemaShape): { settings: FileSetting[]; problems: FileKeyProblem[] } {
  const text = readFileSync(file, 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join('; '));
  const settings: FileSetting[] = [];
  const problems: FileKeyProblem[] = [];
  const lineOf = (node: Node | null | undefined): number => (node?.range ? lines.linePos(node.range[0]).line : 1);
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === undefined))) return { settings, problems };
  if (!isMap(contents)) throw new Error('top level must be a mapping of config keys');

  const walk = (map: YAMLMap, prefix: string): void => {
    for (const pair of map.items) {
      const keyNode = pair.key as Node | null;
      const name = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const key = prefix ? `${prefix}.${name}` : name;
      const valueNode = pair.value as Node | null;
      const what = shape(key);
      if (what === undefined) {
        problems.push({ key, line: lineOf(keyNode), message: 'unknown key (see README "Config reference")' });
      } else if (what === 'branch') {
        if (isMap(valueNode)) walk(valueNode, key);
        else if (!(isScalar(valueNode) && valueNode.value === null) && valueNode !== null) problems.push({ key, line: lineOf(valueNode ?? keyNode), message: 'must be a mapping of further keys' });
      } else if (isScalar(valueNode)) {
        settings.push({ key, value: valueNode.value, line: lineOf(valueNode), raw: valueNode.source });
      } else {
        settings.push({ key, value: isSeq(valueNode) || isMap(valueNode) ? valueNode.toJS(doc) : null, line: lineOf(valueNode ?? keyNode) });
      }
    }
  };
  walk(contents as YAMLMap, '');
  return { settings, problems };
}

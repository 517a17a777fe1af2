import { LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import { parseFieldPath, type PathSegment } from '../../core/index.js';

/** One `---`-separated document of a file, with the positions of its fields. */
export interface YamlDocument {
  /** 0-based position of the document in the file. */
  index: number;
  /** 1-based line where the document's content starts (its first key, after comments and `---`). */
  line: number;
  /** The plain JavaScript value; null for an empty document. */
  value: unknown;
  /** Line of a field path (`spec.rules[0].host`); for a path that does not exist, the line of its deepest existing parent. */
  lineOf(fieldPath: string): number;
  /** Same as lineOf, for a path already split into segments. */
  locate(segments: readonly PathSegment[]): number;
  /** Source text of the node at exactly this path ('' when it does not exist); the whole document by default. */
  sourceText(segments?: readonly PathSegment[]): string;
}

export interface YamlSyntaxError {
  line: number;
  column?: number;
  message: string;
}

export interface ParsedYamlFile {
  documents: YamlDocument[];
  /** Syntax errors of the whole file; when there is any, `documents` must not be trusted. */
  errors: YamlSyntaxError[];
  /**
   * Lets go of the node trees (a file's tree weighs about 20 times its text). The documents keep working:
   * the first position asked for afterwards parses the file again, once, and keeps that tree.
   */
  release(): void;
}

interface Trees {
  docs: Document[];
  lineAt: (offset: number) => number;
}

function parseTrees(text: string): Trees {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: true, uniqueKeys: true, merge: true });
  return { docs, lineAt: (offset: number): number => lineCounter.linePos(offset).line };
}

/** Alias expansion limit: a few anchors are normal, an exponential "billion laughs" file is not. */
const MAX_ALIAS_COUNT = 100;

/** Parses a multi-document YAML (or JSON) file, keeping line positions for every document and field. */
export function parseYamlFile(text: string): ParsedYamlFile {
  const first = parseTrees(text);
  const { docs, lineAt } = first;
  let held: Trees | undefined = first;
  const trees = (): Trees => (held ??= parseTrees(text));
  const errors: YamlSyntaxError[] = [];
  const documents: YamlDocument[] = [];
  docs.forEach((doc, index) => {
    for (const e of doc.errors) errors.push(syntaxError(e.message, e.linePos?.[0], lineAt(e.pos[0])));
    if (doc.errors.length > 0) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      errors.push({ line: startLine(doc, lineAt), message: (err as Error).message });
      return;
    }
    const line = startLine(doc, lineAt);
    // Only `text`, `index` and `line` are captured: the tree is looked up through trees().
    const find = (segments: readonly PathSegment[]) => {
      const t = trees();
      return walk(t.docs[index]!, segments, t.lineAt);
    };
    const locate = (segments: readonly PathSegment[]): number => find(segments)?.line ?? line;
    const sourceText = (segments: readonly PathSegment[] = []): string => {
      const found = find(segments);
      return found?.complete ? text.slice(found.node.range[0], found.node.range[1]) : '';
    };
    documents.push({ index, line, value: value ?? null, locate, lineOf: (p) => locate(parseFieldPath(p)), sourceText });
  });
  return { documents, errors, release: () => (held = undefined) };
}

function startLine(doc: Document, lineAt: (offset: number) => number): number {
  return lineAt(doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0);
}

/** yaml's pretty messages end with "at line N, column M:" and a code excerpt; the caller reports the line itself. */
function syntaxError(message: string, pos: { line: number; col: number } | undefined, fallbackLine: number): YamlSyntaxError {
  const first = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
  return pos ? { line: pos.line, column: pos.col, message: first } : { line: fallbackLine, message: first };
}

type PositionedNode = Node & { range: [number, number, number] };

/**
 * Walks the document's node tree along `segments`. Returns the deepest node reached, its line (for a map
 * entry, the line of the key), and whether the whole path was found.
 */
function walk(doc: Document, segments: readonly PathSegment[], lineAt: (offset: number) => number): { node: PositionedNode; line: number; complete: boolean } | undefined {
  let node: unknown = doc.contents;
  if (!isNode(node)) return undefined;
  let at: PositionedNode = node;
  let line = lineAt(node.range[0]);
  let i = 0;
  while (i < segments.length) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    let nextLine = line;
    let consumed = 1;
    if (isMap(node)) {
      const match = findPair(node.items, segments, i);
      if (!match) break;
      if (isNode(match.pair.key)) nextLine = lineAt(match.pair.key.range[0]);
      next = match.pair.value;
      consumed = match.consumed;
      // `key:` with no value: the key's line is still the best answer for the field.
      if (!isNode(next)) return { node: at, line: nextLine, complete: false };
    } else if (isSeq(node) && typeof segments[i] === 'number') {
      next = node.items[segments[i] as number];
      if (!isNode(next)) break;
      nextLine = lineAt(next.range[0]);
    } else {
      break;
    }
    node = at = next as PositionedNode;
    line = nextLine;
    i += consumed;
  }
  return { node: at, line, complete: i >= segments.length };
}

interface KeyedPair {
  key: unknown;
  value: unknown;
}

/**
 * The pair whose key is `segments[i]`; when there is none, tries `segments[i..j]` joined by dots, so that
 * `metadata.annotations.example.com/x` finds the key `example.com/x` even without brackets.
 */
function findPair(items: KeyedPair[], segments: readonly PathSegment[], i: number): { pair: KeyedPair; consumed: number } | undefined {
  for (let j = i + 1; j <= segments.length; j++) {
    const key = segments.slice(i, j).join('.');
    const pair = items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (pair) return { pair, consumed: j - i };
  }
  return undefined;
}

function isNode(n: unknown): n is PositionedNode {
  return (isScalar(n) || isMap(n) || isSeq(n) || isAlias(n)) && Array.isArray((n as Node).range);
}

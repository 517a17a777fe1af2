import {
  objectKey,
  parseFieldPath,
  shortHash,
  stableStringify,
  type Condition,
  type FieldIssue,
  type K8sObject,
  type KindRegistry,
  type Obj,
  type ObjectKey,
  type ObjectOrigin,
  type ObjectRef,
  type PathSegment,
  type SourceProblem,
  type SourcedObject,
  validateObject,
} from '../../core/index.js';
import { checkObjectLimits } from './object-limits.js';
import { parseYamlFile, type YamlDocument } from './yaml-file-parser.js';

export const SOURCE_ID = 'file';

/** An object read from a file, ready to hand to core; one that breaks its schema carries its problems in its origin. */
export interface LoadedObject {
  key: ObjectKey;
  ref: ObjectRef;
  /** `Kind namespace/name` (`Kind name` for cluster-scoped kinds), for messages. */
  label: string;
  line: number;
  sourced: SourcedObject;
  /** Equal exactly when the object and the positions of its fields in the file are equal. */
  fingerprint: string;
}

/** The outcome of reading one version of a file. */
export interface FileLoad {
  /**
   * False when the file cannot be read (a YAML syntax error): its last good version stays in force. An object
   * that breaks its schema does not make the file fail: it is delivered invalid, and its siblings normally.
   */
  ok: boolean;
  /** The objects, in file order, invalid ones included (with `sourced.origin.problems`). */
  objects: LoadedObject[];
  /** Problems that belong to no object (an unnamed object, an ignored kind, a duplicate), for the file. */
  problems: SourceProblem[];
}

export interface LoadOptions {
  /** The file's name as reported in origins and problems. */
  file: string;
  defaultNamespace: string;
  /** The kinds isobar serves (core's and the loaded plugins'). */
  kinds: KindRegistry;
}

/** One object-shaped value in a file: a document, or an item of a `kind: List` document. */
interface Entry {
  value: unknown;
  line: number;
  /** Segments from the document root to this value (`['items', 2]` for a List item). */
  prefix: PathSegment[];
  doc: YamlDocument;
}

/** Identity fields: with a problem there the object cannot be named, so its problems stay the file's. */
const IDENTITY_FIELDS = new Set(['metadata', 'metadata.name', 'metadata.namespace']);

/** Parses and validates a file's text; pure, so the watcher can call it on every version it sees. */
export function loadFile(text: string, opts: LoadOptions): FileLoad {
  const { file } = opts;
  const parsed = parseYamlFile(text);
  if (parsed.errors.length > 0) {
    const problems = parsed.errors.map((e) => problem(file, e.line, 'YamlSyntax', `YAML syntax error: ${e.message}${e.column ? ` (column ${e.column})` : ''}`));
    return { ok: false, objects: [], problems };
  }
  const { entries, errors } = expandLists(parsed.documents, file);
  const problems: SourceProblem[] = [...errors];
  const objects: LoadedObject[] = [];
  const seen = new Map<ObjectKey, LoadedObject>();
  for (const entry of entries) {
    const label = labelOf(entry.value, opts);
    const limits = checkObjectLimits(entry.value);
    if (limits.length > 0) {
      // Refused like the API server would refuse it: this object only; the file's other objects still apply.
      for (const issue of limits) {
        const p = problem(file, issue.field ? entry.doc.locate([...entry.prefix, ...parseFieldPath(issue.field)]) : entry.line, issue.reason, `${label ? `${label}: ` : ''}${issue.message}`);
        if (label) p.object = label;
        if (issue.field) p.field = issue.field;
        problems.push(p);
      }
      continue;
    }
    const verdict = validateObject(entry.value, opts.kinds);
    if (verdict.status === 'ignored' || verdict.status === 'unserved') {
      const p = problem(file, entry.line, verdict.status === 'ignored' ? 'KindIgnored' : 'KindNotServed', verdict.message);
      if (label) p.object = label;
      problems.push(p);
      continue;
    }
    const issues = verdict.status === 'invalid' ? verdict.issues : [];
    if (!verdict.kind || issues.some((i) => IDENTITY_FIELDS.has(i.field))) {
      for (const issue of issues) problems.push(fileProblem(issue, entry, label, file));
      continue;
    }
    // A named object that breaks its schema goes to core as invalid, like an object refused on its own.
    const conditions = issues.map((issue) => conditionOf(issue, entry, file));
    const loaded = toLoaded(entry, verdict.kind.namespaced, opts, conditions);
    const earlier = seen.get(loaded.key);
    if (earlier) {
      // Per object, like duplicates across files: the first definition wins, the file still applies.
      problems.push({ ...problem(file, loaded.line, 'DuplicateObject', `${loaded.label} is already defined at line ${earlier.line} of this file; this definition is ignored`), object: loaded.label });
      continue;
    }
    seen.set(loaded.key, loaded);
    objects.push(loaded);
  }
  // Array.prototype.sort is stable: problems on the same line keep the validator's order.
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  // The objects keep their positions (a problem found later still names its line) without the trees.
  parsed.release();
  return { ok: true, objects, problems };
}

/** Documents as object entries, with the items of `kind: List` documents expanded; a List without a list of items is an error. */
function expandLists(documents: YamlDocument[], file: string): { entries: Entry[]; errors: SourceProblem[] } {
  const entries: Entry[] = [];
  const errors: SourceProblem[] = [];
  for (const doc of documents) {
    const value = doc.value;
    if (value === null) continue; // an empty document (`---` twice, or only comments)
    if (!isList(value)) {
      entries.push({ value, line: doc.line, prefix: [], doc });
      continue;
    }
    const items = value['items'];
    if (items !== undefined && items !== null && !Array.isArray(items)) {
      errors.push({ ...problem(file, doc.lineOf('items'), 'FieldType', 'List: items: must be a list'), field: 'items' });
      continue;
    }
    for (const [i, item] of ((items ?? []) as unknown[]).entries()) {
      const prefix = ['items', i];
      entries.push({ value: item, line: doc.locate(prefix), prefix, doc });
    }
  }
  return { entries, errors };
}

function isList(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && (value as Obj)['kind'] === 'List';
}

function toLoaded(entry: Entry, namespaced: boolean, opts: LoadOptions, problems: Condition[]): LoadedObject {
  const object = entry.value as K8sObject;
  // Cluster-scoped kinds have no namespace (the API server drops one given by mistake).
  if (namespaced) object.metadata.namespace ??= opts.defaultNamespace;
  else delete object.metadata.namespace;
  const ref: ObjectRef = { kind: object.kind, namespace: object.metadata.namespace ?? '', name: object.metadata.name };
  const { doc, prefix } = entry;
  const origin: ObjectOrigin = {
    source: SOURCE_ID,
    file: opts.file,
    line: entry.line,
    lineOf: (fieldPath: string) => doc.locate([...prefix, ...parseFieldPath(fieldPath)]),
  };
  if (problems.length > 0) origin.problems = problems;
  const fingerprint = shortHash(`${entry.line}\n${stableStringify(object)}\n${doc.sourceText(prefix)}`, 32);
  return { key: objectKey(ref), ref, label: formatRef(ref), line: entry.line, sourced: { object, origin }, fingerprint };
}

export function formatRef(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

/** A best-effort label for an object that may be invalid, so a problem can name it. */
function labelOf(value: unknown, opts: LoadOptions): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { kind, metadata } = value as Obj;
  if (typeof kind !== 'string') return undefined;
  const meta = typeof metadata === 'object' && metadata !== null ? (metadata as Obj) : {};
  const name = typeof meta['name'] === 'string' ? meta['name'] : '<unnamed>';
  const namespace = typeof meta['namespace'] === 'string' ? meta['namespace'] : opts.defaultNamespace;
  return opts.kinds.get(kind)?.namespaced === false ? `${kind} ${name}` : `${kind} ${namespace}/${name}`;
}

function lineOfIssue(issue: FieldIssue, entry: Entry): number {
  return entry.doc.locate([...entry.prefix, ...parseFieldPath(issue.field)]);
}

/** A schema violation of a named object, as a condition on it (the field and its line are separate). */
function conditionOf(issue: FieldIssue, entry: Entry, file: string): Condition {
  const c: Condition = { severity: 'error', reason: issue.reason, message: issue.message, file, line: lineOfIssue(issue, entry) };
  if (issue.field) c.field = issue.field;
  return c;
}

/** A problem of an object that cannot be named, reported on its file. */
function fileProblem(issue: FieldIssue, entry: Entry, label: string | undefined, file: string): SourceProblem {
  const message = `${label ? `${label}: ` : ''}${issue.field ? `${issue.field}: ` : ''}${issue.message}`;
  const p: SourceProblem = problem(file, lineOfIssue(issue, entry), issue.reason, message);
  if (label) p.object = label;
  if (issue.field) p.field = issue.field;
  return p;
}

function problem(file: string, line: number, reason: string, message: string): SourceProblem {
  return { source: SOURCE_ID, file, line, reason, message };
}

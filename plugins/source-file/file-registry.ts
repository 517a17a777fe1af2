import type { ObjectKey, ObjectRef, SourceProblem, SourcedObject } from '../../core/index.js';
import { SOURCE_ID, type FileLoad, type LoadedObject } from './file-loader.js';
import { FirstSeenClock } from './first-seen-clock.js';

/** What core must be told after a file changed. */
export interface RegistryUpdate {
  upserts: SourcedObject[];
  removals: ObjectRef[];
  /** Files whose problems changed, each with its complete new list ([] clears them). */
  problems: Map<string, SourceProblem[]>;
}

interface FileState {
  /** Objects of the last version that applied; they stay in force while newer versions fail. */
  good: Map<ObjectKey, LoadedObject>;
  /** Problems of the latest version read, which may be newer than `good`. */
  loadProblems: SourceProblem[];
}

/**
 * Which file's objects are in force. Pure bookkeeping, no I/O: it turns "this file now reads so" into the
 * delta and problem lists core needs. When two files define the same object, the earlier claim wins (at
 * start-up, path order); the other file gets a problem, and takes over if the winner lets the object go.
 * Changes come in batches (thousands of files at once cost one pass over what they touch, and one delta).
 * Every object delivered carries the time isobar first saw its key as `metadata.creationTimestamp`.
 */
export class FileRegistry {
  private readonly fileStates = new Map<string, FileState>();
  /** For every key, the files defining it in their good version, with a claim sequence number. */
  private readonly claims = new Map<ObjectKey, Map<string, number>>();
  /** What core holds now. */
  private readonly delivered = new Map<ObjectKey, LoadedObject>();
  /** Problems last reported per file (serialized), so unchanged lists are not sent again. */
  private readonly reported = new Map<string, string>();
  private seq = 0;

  constructor(private readonly firstSeen = new FirstSeenClock()) {}

  /** The initial state: every file, applied in path order. Returns all objects and every non-empty problem list. */
  initial(loads: Map<string, FileLoad>): { objects: SourcedObject[]; problems: Map<string, SourceProblem[]> } {
    this.apply(new Map([...loads.keys()].sort().map((file) => [file, loads.get(file)])));
    const objects = [...this.delivered.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, o]) => o.sourced);
    const problems = new Map<string, SourceProblem[]>();
    for (const file of [...this.fileStates.keys()].sort()) {
      const list = this.problemsOf(file);
      if (list.length > 0) problems.set(file, list);
    }
    return { objects, problems };
  }

  /** A new version of `file` was read (`undefined`: the file is gone). */
  update(file: string, load: FileLoad | undefined): RegistryUpdate {
    return this.apply(new Map([[file, load]]));
  }

  /** New versions of several files, applied in the map's order as one change. */
  apply(changes: Map<string, FileLoad | undefined>): RegistryUpdate {
    const affected = new Set<ObjectKey>();
    for (const [file, load] of changes) this.read(file, load, affected);
    return this.settle(affected, changes.keys());
  }

  has(file: string): boolean {
    return this.fileStates.has(file);
  }

  /** Files with a registered version (good or failing). */
  files(): IterableIterator<string> {
    return this.fileStates.keys();
  }

  private read(file: string, load: FileLoad | undefined, affected: Set<ObjectKey>): void {
    const state = this.fileStates.get(file);
    if (!load) {
      for (const key of state?.good.keys() ?? []) this.unclaim(key, file, affected);
      this.fileStates.delete(file);
      return;
    }
    const st = state ?? { good: new Map(), loadProblems: [] };
    this.fileStates.set(file, st);
    st.loadProblems = load.problems;
    if (!load.ok) return;
    const next = new Map(load.objects.map((o) => [o.key, o]));
    for (const key of st.good.keys()) if (!next.has(key)) this.unclaim(key, file, affected);
    for (const key of next.keys()) {
      if (!st.good.has(key)) this.claim(key, file);
      affected.add(key);
    }
    st.good = next;
  }

  /** Objects currently delivered, by key (for tests and diagnostics). */
  deliveredKeys(): ObjectKey[] {
    return [...this.delivered.keys()].sort();
  }

  private claim(key: ObjectKey, file: string): void {
    let m = this.claims.get(key);
    if (!m) this.claims.set(key, (m = new Map()));
    m.set(file, this.seq++);
  }

  private unclaim(key: ObjectKey, file: string, affected: Set<ObjectKey>): void {
    const m = this.claims.get(key);
    m?.delete(file);
    if (m?.size === 0) this.claims.delete(key);
    affected.add(key);
  }

  private ownerOf(key: ObjectKey): string | undefined {
    let best: [string, number] | undefined;
    for (const entry of this.claims.get(key) ?? []) if (!best || entry[1] < best[1]) best = entry;
    return best?.[0];
  }

  /** Brings `delivered` in line with the owners of `affected` keys and collects the problem lists that changed. */
  private settle(affected: Set<ObjectKey>, files: Iterable<string>): RegistryUpdate {
    const upserts: SourcedObject[] = [];
    const removals: ObjectRef[] = [];
    const touched = new Set(files);
    this.firstSeen.beginBatch();
    for (const key of affected) {
      for (const f of this.claims.get(key)?.keys() ?? []) touched.add(f);
      const owner = this.ownerOf(key);
      const want = owner === undefined ? undefined : this.fileStates.get(owner)?.good.get(key);
      const have = this.delivered.get(key);
      if (!want) {
        if (have) removals.push(have.ref);
        this.delivered.delete(key);
        this.firstSeen.forget(key);
      } else if (!have || have.fingerprint !== want.fingerprint || have.sourced.origin.file !== want.sourced.origin.file) {
        // Whatever the file says: a written creationTimestamp would let it win "the older claim" (1970).
        want.sourced.object.metadata.creationTimestamp = this.firstSeen.timeOf(key);
        upserts.push(want.sourced);
        this.delivered.set(key, want);
      }
    }
    const problems = new Map<string, SourceProblem[]>();
    for (const f of [...touched].sort()) {
      const list = this.problemsOf(f);
      const text = JSON.stringify(list);
      if ((this.reported.get(f) ?? '[]') === text) continue;
      problems.set(f, list);
      if (list.length > 0) this.reported.set(f, text);
      else this.reported.delete(f);
    }
    return { upserts, removals, problems };
  }

  private problemsOf(file: string): SourceProblem[] {
    const state = this.fileStates.get(file);
    if (!state) return [];
    const out = [...state.loadProblems];
    for (const [key, obj] of state.good) {
      const owner = this.ownerOf(key);
      if (owner === undefined || owner === file) continue;
      const winner = this.fileStates.get(owner)?.good.get(key);
      const where = winner ? `${owner}:${winner.line}` : owner;
      out.push({
        source: SOURCE_ID,
        file,
        line: obj.line,
        object: obj.label,
        reason: 'DuplicateObject',
        message: `${obj.label} is already defined in ${where}; this definition in ${file} is ignored`,
      });
    }
    return out;
  }
}

import { createHash } from 'node:crypto';
import path from 'node:path';
import { inject, injectable } from 'inversify';
import {
  ConfigId,
  KindRegistry,
  LoggerId,
  type IsobarConfig,
  type Logger,
  type Source,
  type SourceConnection,
  type SourceProblem,
} from '../../core/index.js';
import { directoryProblem } from './directory-problem.js';
import { SOURCE_ID, loadFile, type FileLoad } from './file-loader.js';
import { FileRegistry, type RegistryUpdate } from './file-registry.js';
import { FileWatcher, type FileWatcherOptions } from './file-watcher.js';
import { forEachLimited } from './for-each-limited.js';
import { readManifest, type ManifestRead } from './manifest-reader.js';
import { ReadRetry } from './read-retry.js';
import type { DirectoryFault, TreeScan } from './tree-scan.js';

/** What is remembered of the version of a file last read: a hash, not the text (ten thousand texts add up). */
interface FileMemo {
  hash: string;
  blank: boolean;
  signature: string;
}

/** Reads in flight at once: enough to keep the disk busy, few enough not to hold many texts at once. */
const READ_CONCURRENCY = 16;
const UNCHANGED = Symbol('unchanged');

/**
 * The standalone source: a directory tree of Kubernetes YAML, watched. Every file is read and validated
 * per object, as the API server would: an object that breaks its schema is delivered invalid (core serves
 * nothing of it and shows why) while its siblings apply; a file that does not parse keeps its last good
 * objects in force and is reported as a problem until it is fixed. A directory that is missing or
 * unreadable keeps its last good objects too (reported, and looked at again until it is back); only an
 * existing, readable directory without a file takes objects away.
 */
@injectable()
export class FileSource implements Source {
  readonly id = SOURCE_ID;
  /** Watcher timings; tests shorten the directory poll. */
  watcherOptions: Omit<FileWatcherOptions, 'root'> = {};
  private connection: SourceConnection | undefined;
  private rootSeen = false;
  private watcher: FileWatcher | undefined;
  private readonly registry = new FileRegistry();
  private readonly memo = new Map<string, FileMemo>();
  private retry: ReadRetry | undefined;
  /** Directories (the root included) whose fault is on /status now. */
  private faults = new Map<string, DirectoryFault>();
  private synced = false;
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Files waiting to be read, and whether the read is the settled one (a file due both ways is read once, settled). */
  private readonly due = new Map<string, boolean>();
  private drainQueued = false;

  constructor(
    @inject(ConfigId) protected readonly config: IsobarConfig,
    @inject(LoggerId) protected readonly logger: Logger,
    @inject(KindRegistry) protected readonly kinds: KindRegistry,
  ) {}

  /** The watched directory, absolute; origins and problems name files by absolute path. */
  get directory(): string {
    return path.resolve(this.config.sourceFile.directory);
  }

  private get maxFileBytes(): number {
    return this.config.sourceFile.maxFileBytes ?? 3 * 1024 * 1024;
  }

  /** Resolves after the initial state has been delivered (`full`, then `synced`). */
  async start(connection: SourceConnection): Promise<void> {
    this.connection = connection;
    const root = this.directory;
    const pollMs = this.watcherOptions.pollMs ?? 500;
    this.retry = new ReadRetry(pollMs, this.watcherOptions.retryMaxMs ?? 5000, (files) => this.readSoon(files, true));
    this.watcher = new FileWatcher(
      { rescanMs: (this.config.sourceFile.rescanSeconds ?? 60) * 1000, ...this.watcherOptions, root },
      {
        onScan: (scan, routine) => this.enqueue(() => this.reconcile(scan, routine)),
        onFiles: (files, settled) => this.readSoon(files, settled),
        onRootLost: (fault) => this.enqueue(() => this.rootLost(fault)),
        onError: (err) => this.logger.error({ err, directory: root }, `watching ${root} failed: ${err.message}`),
      },
    );
    await this.watcher.start();
    await this.queue;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.retry?.close();
    await this.watcher?.close();
    await this.queue;
  }

  status(): Record<string, unknown> {
    return { directory: this.directory, files: this.memo.size, directoryFaults: [...this.faults.values()] };
  }

  private enqueue(task: () => Promise<void> | void): void {
    this.queue = this.queue
      .then(() => (this.stopped ? undefined : task()))
      .catch((err: unknown) => this.logger.error({ err }, 'file source: applying a change failed'));
  }

  /**
   * A complete listing: read what may have changed, drop what is gone (except under unreadable directories).
   * A routine scan reads changed files as an event would (a blank file is not taken for a deletion at
   * once) and re-reads them once settled, since it may have caught a save half-way.
   */
  private async reconcile(scan: TreeScan, routine = false): Promise<void> {
    const faultPrefixes = scan.faults.map((f) => f.dir + path.sep);
    const stale = [...scan.files].filter(([file, signature]) => this.memo.get(file)?.signature !== signature || this.retry!.has(file)).map(([file]) => file);
    const changes = await this.readAll(stale.map((f) => [f, !routine] as const));
    if (routine && stale.length > 0) {
      const t = setTimeout(() => this.readSoon(stale, true), this.watcherOptions.settleMs ?? 80);
      t.unref();
    }
    for (const file of [...this.registry.files()]) {
      if (scan.files.has(file) || faultPrefixes.some((p) => file.startsWith(p))) continue;
      changes.set(file, undefined);
      this.forget(file);
    }
    if (!this.synced) this.loadInitial(changes);
    else this.apply(sortedByFile(changes));
    this.setFaults(scan.faults);
  }

  private loadInitial(loads: Map<string, FileLoad | undefined>): void {
    const conn = this.conn();
    const { objects, problems } = this.registry.initial(loads as Map<string, FileLoad>);
    conn.full(objects);
    for (const [file, list] of problems) this.report(file, list);
    this.markSynced();
    this.logger.info({ directory: this.directory, files: loads.size, objects: objects.length }, `loaded ${objects.length} objects from ${loads.size} files in ${this.directory}`);
  }

  /** The root is missing or unreadable: what was served stays served (a deliberate deletion empties the directory instead). */
  private rootLost(fault: DirectoryFault): void {
    if (!this.synced) {
      // Nothing known yet: serve nothing, say why, and be ready; the directory is loaded when it can be.
      this.conn().full([]);
      this.setFaults([fault]);
      this.markSynced();
      return;
    }
    this.setFaults([fault]);
  }

  private markSynced(): void {
    this.synced = true;
    this.conn().synced();
  }

  /**
   * Queues files for reading. Everything that falls due while a read is under way is read together
   * next, as one delta: ten thousand files copied in become a few large reads, not a thousand small
   * ones each waiting for the one before.
   */
  private readSoon(files: string[], settled: boolean): void {
    for (const f of files) this.due.set(f, settled || this.due.get(f) === true);
    if (this.drainQueued) return;
    this.drainQueued = true;
    this.enqueue(async () => {
      this.drainQueued = false;
      const due = [...this.due];
      this.due.clear();
      const changes = await this.readAll(due);
      if (changes.size > 0) this.apply(sortedByFile(changes));
    });
  }

  /** Reads files and keeps those whose new version must be applied (`undefined`: the file is gone). */
  private async readAll(files: ReadonlyArray<readonly [file: string, settled: boolean]>): Promise<Map<string, FileLoad | undefined>> {
    const changes = new Map<string, FileLoad | undefined>();
    await forEachLimited(files, READ_CONCURRENCY, async ([file, settled]) => {
      const change = this.interpret(file, await readManifest(file, this.maxFileBytes), settled);
      if (change !== UNCHANGED) changes.set(file, change);
    });
    return changes;
  }

  private interpret(file: string, read: ManifestRead, settled: boolean): FileLoad | undefined | typeof UNCHANGED {
    const previous = this.memo.get(file);
    if (read.kind === 'failed') {
      // Forgotten, so that the first good read applies even if the text is what it was before the failure.
      this.memo.delete(file);
      this.retry!.failed(file);
      const message = `cannot read file: ${read.message}; its last good version stays in force; retrying`;
      return failedLoad(file, 'ReadFailed', message);
    }
    this.retry!.succeeded(file);
    if (read.kind === 'too-large') {
      const hash = `too-large:${read.size}`;
      if (previous?.hash === hash) return UNCHANGED;
      this.memo.set(file, { hash, blank: false, signature: read.signature });
      const message = `file is ${read.size} bytes, over the limit of ${this.maxFileBytes} (config sourceFile.maxFileBytes); not read, its last good version stays in force`;
      return failedLoad(file, 'FileTooLarge', message);
    }
    const text = read.kind === 'text' ? read.text : undefined;
    const blank = text === undefined || text.trim() === '';
    // An empty or missing file right after an event is often the middle of a save (truncate then write,
    // delete then create); only the settled re-read may take a file's objects away for that reason.
    if (!settled && blank && previous !== undefined && !previous.blank) return UNCHANGED;
    if (read.kind === 'gone') {
      if (previous === undefined && !this.registry.has(file)) return UNCHANGED;
      this.forget(file);
      return undefined;
    }
    const hash = createHash('sha1').update(read.text).digest('base64');
    if (previous?.hash === hash) {
      previous.signature = read.signature;
      return UNCHANGED;
    }
    this.memo.set(file, { hash, blank, signature: read.signature });
    return loadFile(read.text, { file, defaultNamespace: this.config.ingress.defaultNamespace, kinds: this.kinds });
  }

  private forget(file: string): void {
    this.memo.delete(file);
    this.retry!.succeeded(file);
  }

  private apply(changes: Map<string, FileLoad | undefined>): void {
    const conn = this.conn();
    const { upserts, removals, problems }: RegistryUpdate = this.registry.apply(changes);
    if (upserts.length > 0 || removals.length > 0) {
      conn.delta(upserts, removals);
      this.logger.debug({ files: changes.size, upserts: upserts.length, removals: removals.length }, `applied ${changes.size} file(s)`);
    }
    for (const [f, list] of problems) this.report(f, list);
  }

  /** Puts each directory fault on /status under the directory's path, and clears those that are over. */
  private setFaults(faults: DirectoryFault[]): void {
    const next = new Map(faults.map((f) => [f.dir, f]));
    this.holdReadyUntilRootSeen(next.get(this.directory));
    for (const dir of this.faults.keys()) {
      if (next.has(dir)) continue;
      // The board logs that its problem cleared; this line says what it means for the files under it.
      this.conn().problems(dir, []);
      this.logger.info({ directory: dir }, `directory ${dir} can be read again; loaded`);
    }
    for (const fault of next.values()) {
      const before = this.faults.get(fault.dir);
      if (before && JSON.stringify(before) === JSON.stringify(fault)) continue;
      const p = directoryProblem(fault, { root: this.directory, started: this.synced });
      // Logged by the status board, once, like every problem a source reports.
      this.conn().problems(fault.dir, [p]);
    }
    this.faults = next;
  }

  /**
   * Not ready until the configured directory has been read once: a typo in sourceFile.directory must
   * not pass for an empty config. Once seen, losing it later keeps the last good config served, ready.
   */
  private holdReadyUntilRootSeen(rootFault: DirectoryFault | undefined): void {
    if (this.rootSeen) return;
    if (rootFault) return this.conn().holdReady(directoryProblem(rootFault, { root: this.directory, started: false }).message);
    this.rootSeen = true;
    this.conn().holdReady(undefined);
  }

  /** The status board logs these (once each) and shows them on /status; the source does not log them again. */
  private report(file: string, problems: SourceProblem[]): void {
    this.conn().problems(file, problems.map((p) => (p.file === undefined ? { ...p, file } : p)));
  }

  private conn(): SourceConnection {
    if (!this.connection) throw new Error('file source used before start()');
    return this.connection;
  }
}

function failedLoad(file: string, reason: string, message: string): FileLoad {
  return { ok: false, objects: [], problems: [{ source: SOURCE_ID, file, reason, message }] };
}

/** Path order, so that which of two files defining one object wins does not depend on read timing. */
function sortedByFile<T>(changes: Map<string, T>): Map<string, T> {
  return new Map([...changes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

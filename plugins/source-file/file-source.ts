import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { inject, injectable } from 'inversify';
import {
  ConfigId,
  LoggerId,
  type IsobarConfig,
  type Logger,
  type Source,
  type SourceConnection,
  type SourceProblem,
} from '../../core/index.js';
import { SOURCE_ID, loadFile, type FileLoad } from './file-loader.js';
import { FileRegistry, type RegistryUpdate } from './file-registry.js';
import { FileWatcher, type FileWatcherOptions } from './file-watcher.js';

/**
 * The standalone source: a directory tree of Kubernetes YAML, watched. Every file is read and validated
 * per object, as the API server would: an object that breaks its schema is delivered invalid (core serves
 * nothing of it and shows why) while its siblings apply; a file that does not parse keeps its last good
 * objects in force and is reported as a problem until it is fixed.
 */
@injectable()
export class FileSource implements Source {
  readonly id = SOURCE_ID;
  /** Watcher timings; tests shorten the directory poll. */
  watcherOptions: Omit<FileWatcherOptions, 'root'> = {};
  private connection: SourceConnection | undefined;
  private watcher: FileWatcher | undefined;
  private readonly registry = new FileRegistry();
  /** The text last applied (or rejected) per file, so re-reads of an unchanged file do nothing. */
  private readonly lastText = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    @inject(ConfigId) protected readonly config: IsobarConfig,
    @inject(LoggerId) protected readonly logger: Logger,
  ) {}

  /** The watched directory, absolute; origins and problems name files by absolute path. */
  get directory(): string {
    return path.resolve(this.config.sourceFile.directory);
  }

  /** Resolves after the initial state has been delivered (`full`, then `synced`). */
  async start(connection: SourceConnection): Promise<void> {
    this.connection = connection;
    const root = this.directory;
    this.watcher = new FileWatcher(
      { ...this.watcherOptions, root },
      {
        onReady: (files, exists) => this.enqueue(() => this.loadInitial(files, exists)),
        onFile: (file, settled) => this.enqueue(() => this.reload(file, settled)),
        onDirectory: (exists) => this.enqueue(() => this.directoryChanged(exists)),
        onError: (err) => this.logger.error({ err, directory: root }, `watching ${root} failed: ${err.message}`),
      },
    );
    await this.watcher.start();
    await this.queue;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.watcher?.close();
    await this.queue;
  }

  private enqueue(task: () => Promise<void> | void): void {
    this.queue = this.queue
      .then(() => (this.stopped ? undefined : task()))
      .catch((err: unknown) => this.logger.error({ err }, 'file source: applying a change failed'));
  }

  private async loadInitial(files: string[], exists: boolean): Promise<void> {
    const conn = this.conn();
    const loads = new Map<string, FileLoad>();
    await Promise.all(
      files.map(async (file) => {
        const read = await this.read(file);
        if (read.text === undefined && !read.failure) return;
        if (read.text !== undefined) this.lastText.set(file, read.text);
        loads.set(file, read.failure ?? this.load(file, read.text!));
      }),
    );
    const { objects, problems } = this.registry.initial(loads);
    conn.full(objects);
    for (const [file, list] of problems) this.report(file, list);
    if (!exists) this.directoryChanged(false);
    conn.synced();
    this.logger.info({ directory: this.directory, files: loads.size, objects: objects.length }, `loaded ${objects.length} objects from ${loads.size} files in ${this.directory}`);
  }

  private async reload(file: string, settled: boolean): Promise<void> {
    const read = await this.read(file);
    const previous = this.lastText.get(file);
    if (!read.failure && read.text === previous) return;
    // An empty or missing file right after an event is often the middle of a save (truncate then write,
    // delete then create); only the settled re-read may take a file's objects away for that reason.
    if (!settled && !read.failure && isBlank(read.text) && previous !== undefined && !isBlank(previous)) return;
    if (read.text === undefined) this.lastText.delete(file);
    else this.lastText.set(file, read.text);
    const load = read.failure ?? (read.text === undefined ? undefined : this.load(file, read.text));
    this.apply(file, this.registry.update(file, load));
  }

  private apply(file: string, update: RegistryUpdate): void {
    const conn = this.conn();
    const { upserts, removals, problems } = update;
    if (upserts.length > 0 || removals.length > 0) {
      conn.delta(upserts, removals);
      this.logger.debug({ file, upserts: upserts.length, removals: removals.length }, `applied ${file}`);
    }
    for (const [f, list] of problems) this.report(f, list);
  }

  private load(file: string, text: string): FileLoad {
    return loadFile(text, { file, defaultNamespace: this.config.ingress.defaultNamespace });
  }

  /** The file's text; undefined when it does not exist; a failed load for other read errors (kept as a problem). */
  private async read(file: string): Promise<{ text?: string; failure?: FileLoad }> {
    try {
      return { text: await readFile(file, 'utf8') };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return {};
      const message = `cannot read file: ${(err as Error).message}`;
      return { failure: { ok: false, objects: [], problems: [{ source: SOURCE_ID, file, reason: 'ReadFailed', message }] } };
    }
  }

  private report(file: string, problems: SourceProblem[]): void {
    this.conn().problems(file, problems);
    if (problems.length === 0) this.logger.info({ file }, `${file}: problems resolved`);
    for (const p of problems) {
      const where = p.line === undefined ? (p.file ?? file) : `${p.file ?? file}:${p.line}`;
      this.logger.warn({ file: p.file ?? file, line: p.line, object: p.object, field: p.field, reason: p.reason }, `${where}: ${p.message}`);
    }
  }

  private directoryChanged(exists: boolean): void {
    const dir = this.directory;
    if (exists) {
      this.logger.info({ directory: dir }, `source directory ${dir} appeared; loading it`);
      this.conn().problems(dir, []);
      return;
    }
    const message = `directory ${dir} (config sourceFile.directory) does not exist; watching for it to appear`;
    this.logger.error({ directory: dir }, message);
    this.conn().problems(dir, [{ source: SOURCE_ID, file: dir, reason: 'DirectoryNotFound', message }]);
  }

  private conn(): SourceConnection {
    if (!this.connection) throw new Error('file source used before start()');
    return this.connection;
  }
}

function isBlank(text: string | undefined): boolean {
  return text === undefined || text.trim() === '';
}

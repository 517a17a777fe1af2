import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Stats } from 'node:fs';
import { watch, type FSWatcher } from 'chokidar';
import { hasManifestExtension, isIgnoredPath, isManifestFile } from './path-filter.js';

export interface FileWatcherEvents {
  /** Once: the manifest files present when watching began (none when the directory does not exist yet). */
  onReady(files: string[], directoryExists: boolean): void;
  /**
   * Something happened to `file`: it may have been created, changed or removed; read it to find out.
   * `settled` is false for the quick first call after a burst of events and true for the later re-check.
   */
  onFile(file: string, settled: boolean): void;
  /** The watched directory appeared or disappeared after start. */
  onDirectory(exists: boolean): void;
  onError(err: Error): void;
}

export interface FileWatcherOptions {
  root: string;
  /** Quiet time before a file is read (coalesces truncate+write, unlink+add, rename bursts). */
  debounceMs?: number;
  /** A burst of events is read at the latest this long after it began, even if events keep coming. */
  maxWaitMs?: number;
  /**
   * Second read after the last event. chokidar drops `change` events that follow an emitted one within
   * 50 ms, so a write that finishes inside that window would otherwise go unseen.
   */
  settleMs?: number;
  /** How often to look for the directory while it does not exist. */
  pollMs?: number;
}

interface Pending {
  since: number;
  debounce?: NodeJS.Timeout;
  settle?: NodeJS.Timeout;
}

/**
 * Watches a directory tree for manifest files with chokidar and reports which files to re-read, after a
 * short per-file debounce. It does not trust event types (editors save by rename, by truncate+write, or by
 * delete+create): the reader looks at the file itself. A missing directory is polled for until it appears.
 */
export class FileWatcher {
  private readonly root: string;
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private readonly settleMs: number;
  private readonly pollMs: number;
  private watcher: FSWatcher | undefined;
  private poll: NodeJS.Timeout | undefined;
  private rootCheck: NodeJS.Timeout | undefined;
  private readonly pending = new Map<string, Pending>();
  private readonly known = new Set<string>();
  private closed = false;
  private signalClosed: () => void = () => undefined;
  private readonly closing = new Promise<void>((resolve) => (this.signalClosed = resolve));

  constructor(
    options: FileWatcherOptions,
    private readonly events: FileWatcherEvents,
  ) {
    this.root = path.resolve(options.root);
    this.debounceMs = options.debounceMs ?? 15;
    this.maxWaitMs = options.maxWaitMs ?? 100;
    this.settleMs = options.settleMs ?? 80;
    this.pollMs = options.pollMs ?? 500;
  }

  /** Resolves once onReady has been called. */
  async start(): Promise<void> {
    if (await isDirectory(this.root)) {
      await this.watchRoot(true);
    } else {
      this.events.onReady([], false);
      this.waitForDirectory();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.signalClosed();
    clearInterval(this.poll);
    clearTimeout(this.rootCheck);
    for (const p of this.pending.values()) {
      clearTimeout(p.debounce);
      clearTimeout(p.settle);
    }
    this.pending.clear();
    const w = this.watcher;
    this.watcher = undefined;
    if (w) await retire(w);
  }

  private async watchRoot(first: boolean): Promise<void> {
    const initial = new Set<string>();
    let ready = false;
    const w = watch(this.root, {
      ignoreInitial: false,
      // atomic would hold back unlinks for 100 ms; the debounce and the re-read cover rename-over saves.
      atomic: false,
      ignored: (p: string, stats?: Stats) => this.ignored(p, stats),
    });
    this.watcher = w;
    w.on('all', (event, p) => {
      if (this.closed || this.watcher !== w) return;
      // chokidar does not always report the root itself going away (not when it was empty at start).
      if (event === 'unlink' || event === 'unlinkDir') this.checkRoot();
      if (event === 'unlinkDir') return this.directoryRemoved(path.resolve(p));
      if ((event !== 'add' && event !== 'change' && event !== 'unlink') || !isManifestFile(this.root, p)) return;
      if (event === 'unlink') this.known.delete(p);
      else this.known.add(p);
      if (first && !ready) {
        if (event === 'unlink') initial.delete(p);
        else initial.add(p);
        return;
      }
      this.schedule(p);
    });
    w.on('error', (err) => this.events.onError(err instanceof Error ? err : new Error(String(err))));
    // A watcher closed before it is ready never emits 'ready'.
    await Promise.race([new Promise<void>((resolve) => w.once('ready', () => resolve())), this.closing]);
    ready = true;
    if (this.closed) {
      // close() ran while this watcher was starting; it must not outlive the source.
      await retire(w);
      return;
    }
    if (first) this.events.onReady([...initial].sort(), true);
  }

  private ignored(p: string, stats?: Stats): boolean {
    const rel = path.relative(this.root, p);
    if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return false; // the root's parents
    if (isIgnoredPath(rel)) return true;
    return stats?.isFile() === true && !hasManifestExtension(p);
  }

  /** A directory went away: its files are re-read (and found gone); if it was the root, wait for it again. */
  private directoryRemoved(dir: string): void {
    const prefix = dir + path.sep;
    for (const f of [...this.known]) {
      if (f.startsWith(prefix)) {
        this.known.delete(f);
        this.schedule(f);
      }
    }
    if (dir !== this.root) return;
    const w = this.watcher;
    this.watcher = undefined;
    if (w) void retire(w);
    this.events.onDirectory(false);
    this.waitForDirectory();
  }

  private checkRoot(): void {
    if (this.rootCheck) return;
    this.rootCheck = setTimeout(() => {
      this.rootCheck = undefined;
      void isDirectory(this.root).then((exists) => {
        if (!exists && !this.closed && this.watcher) this.directoryRemoved(this.root);
      });
    }, this.debounceMs);
  }

  private waitForDirectory(): void {
    clearInterval(this.poll);
    let checking = false;
    this.poll = setInterval(() => {
      if (checking) return;
      checking = true;
      void isDirectory(this.root).then(async (exists) => {
        checking = false;
        if (!exists || this.closed || this.watcher) return;
        clearInterval(this.poll);
        this.events.onDirectory(true);
        await this.watchRoot(false);
      }).catch((err: unknown) => this.events.onError(err instanceof Error ? err : new Error(String(err))));
    }, this.pollMs);
  }

  private schedule(file: string): void {
    const now = Date.now();
    let p = this.pending.get(file);
    if (!p) this.pending.set(file, (p = { since: now }));
    const entry = p;
    if (entry.debounce === undefined || now - entry.since < this.maxWaitMs) {
      if (entry.debounce === undefined) entry.since = now;
      clearTimeout(entry.debounce);
      entry.debounce = setTimeout(() => {
        entry.debounce = undefined;
        if (!this.closed) this.events.onFile(file, false);
      }, this.debounceMs);
    }
    clearTimeout(entry.settle);
    entry.settle = setTimeout(() => {
      this.pending.delete(file);
      if (!this.closed) this.events.onFile(file, true);
    }, this.settleMs);
  }
}

/**
 * Closes a chokidar watcher for good. When a watched root is removed, chokidar 4 re-adds the root's parent
 * to notice its return, and `add()` re-opens a closed watcher; an fs.watch on the parent would then keep
 * the process alive. A retired watcher therefore accepts no more paths.
 */
async function retire(w: FSWatcher): Promise<void> {
  w.add = (() => w) as FSWatcher['add'];
  await w.close();
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

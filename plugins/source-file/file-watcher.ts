import path from 'node:path';
import type { Stats } from 'node:fs';
import { watch, type FSWatcher } from 'chokidar';
import { FileBatcher } from './file-batcher.js';
import { hasManifestExtension, isIgnoredPath, isManifestFile } from './path-filter.js';
import { isFault, probeDirectory, scanTree, type DirectoryFault, type TreeScan } from './tree-scan.js';

export interface FileWatcherEvents {
  /**
   * A complete listing of the tree, made by isobar itself: once at start and again after every recovery
   * (the directory came back or became readable). Files known before and not listed are gone, except
   * under the listed faults. `routine` is true for the scans after a burst and the periodic ones: files
   * found changed may be in the middle of a save, the events that follow will say when they are whole.
   */
  onScan(scan: TreeScan, routine: boolean): void;
  /**
   * Something happened to these files: created, changed or removed; read them to find out. `settled` is
   * false for the quick first call after a burst of events and true for the later re-check.
   */
  onFiles(files: string[], settled: boolean): void;
  /** The watched directory is missing or cannot be listed; watching resumes (with a scan) once it can. */
  onRootLost(fault: DirectoryFault): void;
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
  /** How often to look at the directory while it is missing or unreadable, and the first retry of a scan. */
  pollMs?: number;
  /** Longest pause between scans while a directory below the root stays unreadable. */
  retryMaxMs?: number;
  /**
   * A burst of this many events is followed by a scan once it quiets down. The kernel's inotify queue
   * holds fs.inotify.max_queued_events (16384 by default) and drops the rest without a word when the
   * process is busy while a large tree is copied in: only a listing finds those files.
   */
  burstEvents?: number;
  /** A scan this often anyway (0: never), for events lost in other ways (NFS, overlay filesystems). */
  rescanMs?: number;
}

/**
 * Watches a directory tree for manifest files with chokidar and reports which files to re-read, in
 * batches after a short per-file debounce. It does not trust event types (editors save by rename, by
 * truncate+write, or by delete+create): the reader looks at the file itself. chokidar alone can go deaf
 * (a directory that was unreadable for a moment is never listed again) or miss files (those written into
 * a new directory before chokidar watches it), so the tree is also listed by isobar: at start, after the
 * root was missing or unreadable, while a sub-directory is unreadable, and after a directory appears.
 */
export class FileWatcher {
  private readonly root: string;
  private readonly settleMs: number;
  private readonly pollMs: number;
  private readonly retryMaxMs: number;
  private readonly batcher: FileBatcher;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private retryMs: number;
  /** Directories below the root that the last scan could not list. */
  private faulted = new Set<string>();
  private readonly known = new Set<string>();
  private readonly subtreeScans = new Set<NodeJS.Timeout>();
  private resyncing: Promise<void> | undefined;
  private resyncAgain = false;
  private rootCheck = false;
  private closed = false;
  private readonly burstEvents: number;
  private readonly rescanMs: number;
  private eventsSinceScan = 0;
  private burst: { on: boolean; quiet?: NodeJS.Timeout; deadline?: NodeJS.Timeout; listing?: Map<string, string> } = { on: false };
  private periodic: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  /** Whether the scan to make after the running one is routine; undefined when none was asked for. */
  private scanAgain: boolean | undefined;

  constructor(
    options: FileWatcherOptions,
    private readonly events: FileWatcherEvents,
  ) {
    this.root = path.resolve(options.root);
    this.settleMs = options.settleMs ?? 80;
    this.pollMs = options.pollMs ?? 500;
    this.retryMaxMs = options.retryMaxMs ?? 5000;
    this.retryMs = this.pollMs;
    this.burstEvents = options.burstEvents ?? 1000;
    this.rescanMs = options.rescanMs ?? 60_000;
    this.batcher = new FileBatcher(
      { debounceMs: options.debounceMs ?? 15, maxWaitMs: options.maxWaitMs ?? 100, settleMs: this.settleMs },
      (files, settled) => void this.deliver(files, settled),
    );
  }

  /** Resolves once the first scan (or the root's fault) has been reported. */
  async start(): Promise<void> {
    await this.resync();
    if (this.rescanMs > 0) {
      this.periodic = setInterval(() => this.rescan(), this.rescanMs);
      this.periodic.unref();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.periodic);
    clearTimeout(this.burst.quiet);
    clearTimeout(this.burst.deadline);
    for (const t of this.subtreeScans) clearTimeout(t);
    this.batcher.close();
    await this.resyncing?.catch(() => undefined);
    await this.retireWatcher();
  }

  /**
   * Starts over: a fresh chokidar watcher and a scan of its own, or the root's fault and a poll until it
   * is back. Calls made while one runs are folded into one more run.
   */
  private resync(): Promise<void> {
    if (this.resyncing) {
      this.resyncAgain = true;
      return this.resyncing;
    }
    const run = async (): Promise<void> => {
      do {
        this.resyncAgain = false;
        clearTimeout(this.timer);
        await this.retireWatcher();
        if (this.closed) return;
        const fault = await probeDirectory(this.root);
        if (fault) {
          this.rootLost(fault);
          continue;
        }
        await this.watchRoot();
        await this.scanOnce();
      } while (this.resyncAgain && !this.closed);
    };
    this.resyncing = run()
      .catch((err: unknown) => {
        this.events.onError(err instanceof Error ? err : new Error(String(err)));
        this.retryLater(() => this.resync());
      })
      .finally(() => (this.resyncing = undefined));
    return this.resyncing;
  }

  private rootLost(fault: DirectoryFault): void {
    this.batcher.clear();
    this.known.clear();
    this.events.onRootLost(fault);
    this.pollRoot();
  }

  /** Looks at the root every pollMs; a resync when it can be listed again. */
  private pollRoot(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void probeDirectory(this.root).then((fault) => {
        if (this.closed) return;
        if (fault) this.pollRoot();
        else void this.resync();
      });
    }, this.pollMs);
  }

  /** A scan outside a resync (after a burst, or periodic); skipped while a resync runs, which scans anyway. */
  private rescan(): void {
    if (this.closed || this.resyncing || !this.watcher) return;
    void this.scanOnce(true).catch((err: unknown) => this.events.onError(err as Error));
  }

  /**
   * One scan at a time; scans asked for while one runs are made once more after it, routine only if
   * every one of them was (a start or recovery scan folded into a routine one keeps its own reading).
   */
  private scanOnce(routine = false): Promise<void> {
    if (this.scanning) {
      this.scanAgain = this.scanAgain === undefined ? routine : this.scanAgain && routine;
      return this.scanning;
    }
    const run = async (): Promise<void> => {
      let next: boolean | undefined = routine;
      while (next !== undefined && !this.closed) {
        this.scanAgain = undefined;
        await this.scan(next);
        next = this.scanAgain;
      }
    };
    this.scanning = run().finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  /**
   * Counts events; a large burst gets scans: one at the latest 1 s after it began, one once it has been
   * quiet for 300 ms, and then one a second until two scans in a row list the same tree. chokidar may
   * have lost events (and may report nothing more), so the listing itself says when the burst is over.
   */
  private noteEvent(): void {
    if (++this.eventsSinceScan < this.burstEvents && !this.burst.on) return;
    this.burst.on = true;
    clearTimeout(this.burst.quiet);
    this.burst.quiet = setTimeout(() => this.burstScan(), 300);
    this.burst.deadline ??= setTimeout(() => this.burstScan(), 1000);
  }

  private burstScan(): void {
    clearTimeout(this.burst.quiet);
    clearTimeout(this.burst.deadline);
    this.burst.quiet = this.burst.deadline = undefined;
    this.rescan();
  }

  /** After a scan during a burst: another in a second, unless nothing changed since the previous one. */
  private burstScanned(files: Map<string, string>): void {
    if (!this.burst.on) return;
    const same = this.burst.listing !== undefined && sameListing(this.burst.listing, files);
    if (same) {
      this.burst = { on: false };
      return;
    }
    this.burst.listing = files;
    this.burst.deadline ??= setTimeout(() => this.burstScan(), 1000);
  }

  /** Lists the tree and reports it; while a sub-directory stays unreadable, lists it again with a backoff. */
  private async scan(routine = false): Promise<void> {
    this.eventsSinceScan = 0;
    const scan = await scanTree(this.root);
    if (this.closed) return;
    if (isFault(scan)) {
      void this.resync(); // the root went away while being listed: the probe says what it is now
      return;
    }
    for (const f of scan.files.keys()) this.known.add(f);
    const faulted = new Set(scan.faults.map((f) => f.dir));
    // chokidar stopped watching a directory it could not read; once it can be read, watch everything anew.
    const recovered = [...this.faulted].some((d) => !faulted.has(d));
    this.faulted = faulted;
    this.events.onScan(scan, routine);
    this.burstScanned(scan.files);
    if (recovered) {
      void this.resync();
      return;
    }
    if (faulted.size === 0) {
      this.retryMs = this.pollMs;
      return;
    }
    this.retryLater(() => void this.scanOnce().catch((err: unknown) => this.events.onError(err as Error)));
  }

  private retryLater(fn: () => void): void {
    clearTimeout(this.timer);
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, this.retryMaxMs);
    this.timer = setTimeout(() => {
      if (!this.closed) fn();
    }, delay);
  }

  private async watchRoot(): Promise<void> {
    let ready = false;
    const w = watch(this.root, {
      // isobar lists the tree itself after chokidar is ready, so nothing created meanwhile is missed.
      ignoreInitial: true,
      // atomic would hold back unlinks for 100 ms; the debounce and the re-read cover rename-over saves.
      atomic: false,
      ignored: (p: string, stats?: Stats) => this.ignored(p, stats),
    });
    this.watcher = w;
    w.on('all', (event, p) => {
      if (this.closed || this.watcher !== w) return;
      this.noteEvent();
      const full = path.resolve(p);
      if (event === 'unlinkDir') return this.directoryGone(full);
      if (event === 'addDir' && ready && full !== this.root) return this.scanSubtreeSoon(full);
      // chokidar does not always report the root itself going away (not when it was empty at start).
      if (event === 'unlink') void this.checkRoot();
      if ((event !== 'add' && event !== 'change' && event !== 'unlink') || !isManifestFile(this.root, full)) return;
      if (event === 'unlink') this.known.delete(full);
      else this.known.add(full);
      this.batcher.schedule(full);
    });
    w.on('error', (err) => {
      this.events.onError(err instanceof Error ? err : new Error(String(err)));
      // chokidar may have dropped a directory it failed on: list everything again.
      if (this.watcher === w) void this.resync();
    });
    await new Promise<void>((resolve) => w.once('ready', () => resolve()));
    ready = true;
  }

  private async retireWatcher(): Promise<void> {
    const w = this.watcher;
    this.watcher = undefined;
    if (w) await retire(w);
  }

  private ignored(p: string, stats?: Stats): boolean {
    const rel = path.relative(this.root, p);
    if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return false; // the root's parents
    if (isIgnoredPath(rel)) return true;
    return stats?.isFile() === true && !hasManifestExtension(p);
  }

  /**
   * chokidar reports a directory as gone when it was removed, and also when it merely could not be read
   * (chmod 000). Removed: its files are re-read and found gone. The root, or a directory that still
   * exists: a resync, which reports the fault and keeps what was known there until it can be read.
   */
  private directoryGone(dir: string): void {
    if (dir === this.root) return void this.resync();
    void probeDirectory(dir).then((fault) => {
      if (this.closed) return;
      if (fault?.state !== 'missing') return void this.resync();
      const prefix = dir + path.sep;
      for (const f of [...this.known]) {
        if (!f.startsWith(prefix)) continue;
        this.known.delete(f);
        this.batcher.schedule(f);
      }
    });
  }

  /** One probe for a burst of unlinks. */
  private async checkRoot(): Promise<void> {
    if (this.rootCheck) return;
    this.rootCheck = true;
    const fault = await probeDirectory(this.root);
    this.rootCheck = false;
    if (fault && !this.closed && this.watcher) void this.resync();
  }

  /**
   * chokidar lists a new directory before it watches it: files written in between are never reported.
   * Listing it ourselves once chokidar watches it (and once more later, in case chokidar was slow) finds them.
   */
  private scanSubtreeSoon(dir: string): void {
    for (const delay of [this.settleMs, 10 * this.settleMs]) {
      const t = setTimeout(() => {
        this.subtreeScans.delete(t);
        void scanTree(dir).then((scan) => {
          if (this.closed || isFault(scan)) return;
          for (const f of scan.files.keys()) {
            if (!isManifestFile(this.root, f)) continue;
            this.known.add(f);
            this.batcher.schedule(f);
          }
        });
      }, delay);
      this.subtreeScans.add(t);
    }
  }

  /** A batch of files is passed on only while the root can be listed: its disappearance must not read as "every file deleted". */
  private async deliver(files: string[], settled: boolean): Promise<void> {
    const fault = await probeDirectory(this.root);
    if (this.closed) return;
    if (fault) return void this.resync();
    this.events.onFiles(files, settled);
  }
}

function sameListing(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [file, signature] of a) if (b.get(file) !== signature) return false;
  return true;
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

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type GcFunction = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async'; flavor?: 'regular' | 'last-resort' }) => void;

export interface MemoryReading {
  rss: number;
  heapUsed: number;
}

export interface MemoryReducerOptions {
  /** Quiet time (no build) before memory is given back. */
  idleMs: number;
  /** Give back only when RSS exceeds what the heap holds by this many bytes... */
  minWasteBytes: number;
  /** ...and by this share of RSS. */
  minWasteShare: number;
  /** Reads the process's memory; process.memoryUsage by default. */
  read?: () => MemoryReading;
  /** A full collection, so that what is read next is live heap, not garbage yet to be found. */
  collect?: () => void;
  /** Gives freed pages back to the system; V8's last-resort collection by default. */
  release?: () => void;
}

export interface Compaction {
  before: MemoryReading;
  after: MemoryReading;
  ms: number;
}

/**
 * Gives memory back to the system once a burst of changes is over. V8 keeps the pages a burst made it
 * allocate (a storm of thousands of objects took isobar from 130 MB to 700 MB of RSS with 40 MB of live
 * heap, and it stayed there) until a last-resort collection releases them. After builds stop for
 * `idleMs`, if RSS is mostly such waste, one such collection runs (a pause of about a hundred ms, when
 * nothing is waiting); it does not run again until builds have happened since.
 */
export class MemoryReducer {
  private lastActivity = 0;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly read: () => MemoryReading;
  private readonly collect: () => void;
  private readonly release: () => void;

  constructor(
    private readonly options: MemoryReducerOptions,
    private readonly onCompaction: (c: Compaction) => void = () => {},
  ) {
    this.read = options.read ?? (() => process.memoryUsage());
    this.collect = options.collect ?? (() => gc()());
    this.release = options.release ?? (() => gc()({ type: 'major', execution: 'sync', flavor: 'last-resort' }));
  }

  /** A build (or anything else that allocated a lot) just happened. */
  noteActivity(now = Date.now()): void {
    this.lastActivity = now;
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => this.check(), this.options.idleMs);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Compacts if the process has been idle long enough and holds enough waste; reschedules itself otherwise. */
  check(now = Date.now()): Compaction | undefined {
    this.timer = undefined;
    if (!this.dirty) return undefined;
    const idleFor = now - this.lastActivity;
    if (idleFor < this.options.idleMs) {
      this.timer = setTimeout(() => this.check(), this.options.idleMs - idleFor);
      this.timer.unref();
      return undefined;
    }
    this.dirty = false;
    const t0 = performance.now();
    this.collect();
    const before = this.read();
    const waste = before.rss - before.heapUsed;
    if (waste < this.options.minWasteBytes || waste < this.options.minWasteShare * before.rss) return undefined;
    this.release();
    const c = { before, after: this.read(), ms: performance.now() - t0 };
    this.onCompaction(c);
    return c;
  }
}

let gcFunction: GcFunction | undefined;

/**
 * V8's gc function. Called without options it is a plain full collection; with `flavor: 'last-resort'`
 * (the collection V8 runs before giving up on memory) it also returns the pages V8 keeps pooled for
 * reuse, which go back to the system a moment later from V8's own thread. The plain one comes first:
 * with an options object V8 treats the native stack as possibly holding pointers, and frees less.
 */
function gc(): GcFunction {
  if (!gcFunction) {
    // The function exists only with --expose-gc; setting the flag now exposes it to new contexts.
    setFlagsFromString('--expose-gc');
    gcFunction = runInNewContext('gc') as GcFunction;
  }
  return gcFunction;
}

export interface FileBatcherOptions {
  /** Quiet time before a file is due. */
  debounceMs: number;
  /** A file that keeps changing is due at the latest this long after its burst began. */
  maxWaitMs: number;
  /** The re-check after the last event. */
  settleMs: number;
}

interface Pending {
  since: number;
  debounce?: NodeJS.Timeout;
  settle?: NodeJS.Timeout;
}

/**
 * Per-file debounce (a quick read, then a settled re-read after the last event), with files that fall due
 * together handed over as one batch: ten thousand files copied in at once become a few batches, so the
 * source applies them as a few deltas and the engine builds a few times, not ten thousand.
 */
export class FileBatcher {
  private readonly pending = new Map<string, Pending>();
  private readonly due = { quick: new Set<string>(), settled: new Set<string>() };
  private flushing: NodeJS.Immediate | undefined;
  private closed = false;

  constructor(
    private readonly options: FileBatcherOptions,
    private readonly deliver: (files: string[], settled: boolean) => void,
  ) {}

  schedule(file: string): void {
    if (this.closed) return;
    const now = Date.now();
    let p = this.pending.get(file);
    if (!p) this.pending.set(file, (p = { since: now }));
    const entry = p;
    if (entry.debounce === undefined || now - entry.since < this.options.maxWaitMs) {
      if (entry.debounce === undefined) entry.since = now;
      clearTimeout(entry.debounce);
      entry.debounce = setTimeout(() => {
        entry.debounce = undefined;
        this.fall(file, false);
      }, this.options.debounceMs);
    }
    clearTimeout(entry.settle);
    entry.settle = setTimeout(() => {
      this.pending.delete(file);
      this.fall(file, true);
    }, this.options.settleMs);
  }

  /** Forgets everything pending (the directory is gone: a scan will say what is there). */
  clear(): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.debounce);
      clearTimeout(p.settle);
    }
    this.pending.clear();
    this.due.quick.clear();
    this.due.settled.clear();
  }

  close(): void {
    this.closed = true;
    this.clear();
    if (this.flushing) clearImmediate(this.flushing);
  }

  /** Timers that fire in the same turn of the event loop end up in the same batch. */
  private fall(file: string, settled: boolean): void {
    if (this.closed) return;
    (settled ? this.due.settled : this.due.quick).add(file);
    this.flushing ??= setImmediate(() => {
      this.flushing = undefined;
      for (const settled of [false, true]) {
        const set = settled ? this.due.settled : this.due.quick;
        if (set.size === 0) continue;
        const files = [...set];
        set.clear();
        this.deliver(files, settled);
      }
    });
  }
}

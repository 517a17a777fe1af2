/**
 * Coalesces bursts: runs `fn` once `quietMs` pass without a new trigger, but never later than `maxMs`
 * after the first trigger of a burst, so a steady stream of changes still gets built. After a run that
 * kept the process busy, the next waits at least as long again: during a burst of changes, builds get
 * at most half of the event loop and the sources the other half (a build blocks the loop; back to back,
 * they would starve the watchers, and the kernel drops file events that are not read in time).
 */
export class Debouncer {
  private timer?: NodeJS.Timeout;
  private firstAt?: number;
  private notBefore = 0;

  constructor(
    private readonly quietMs: number,
    private readonly maxMs: number,
    private readonly fn: () => void,
  ) {}

  trigger(): void {
    const now = Date.now();
    this.firstAt ??= now;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.quietMs, this.firstAt + this.maxMs - now), this.notBefore - now);
    this.timer = setTimeout(() => this.fire(), wait);
  }

  /** The run just made kept the process busy for `busyMs`: the next one waits at least that long. */
  pace(busyMs: number): void {
    this.notBefore = Date.now() + busyMs;
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.firstAt = undefined;
  }

  private fire(): void {
    this.timer = undefined;
    this.firstAt = undefined;
    this.fn();
  }
}

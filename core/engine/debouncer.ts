/**
 * Coalesces bursts: runs `fn` once `quietMs` pass without a new trigger, but never later than `maxMs`
 * after the first trigger of a burst, so a steady stream of changes still gets built.
 */
export class Debouncer {
  private timer?: NodeJS.Timeout;
  private firstAt?: number;

  constructor(
    private readonly quietMs: number,
    private readonly maxMs: number,
    private readonly fn: () => void,
  ) {}

  trigger(): void {
    const now = Date.now();
    this.firstAt ??= now;
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.quietMs, this.firstAt + this.maxMs - now));
    this.timer = setTimeout(() => this.fire(), wait);
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

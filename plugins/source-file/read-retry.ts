/**
 * Files whose last read failed (EACCES, EIO, …) are read again, with a backoff, until the read works or
 * they are gone: a file made unreadable for a moment must not stay unread after it is fixed, and nothing
 * (no event, since chmod does not change the content) would otherwise say when.
 */
export class ReadRetry {
  private readonly files = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private delayMs: number;

  constructor(
    private readonly firstDelayMs: number,
    private readonly maxDelayMs: number,
    private readonly retry: (files: string[]) => void,
  ) {
    this.delayMs = firstDelayMs;
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  failed(file: string): void {
    this.files.add(file);
    if (this.timer) return;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.maxDelayMs);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.retry([...this.files].sort());
    }, delay);
  }

  succeeded(file: string): void {
    if (!this.files.delete(file) || this.files.size > 0) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.delayMs = this.firstDelayMs;
  }

  close(): void {
    clearTimeout(this.timer);
    this.files.clear();
  }
}

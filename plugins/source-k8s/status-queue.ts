export interface StatusQueueOptions {
  /** Keys worked at once, at most. */
  concurrency: number;
  /** Works one key. It reads what to do when it runs, so a key added many times is worked once, with the latest state. */
  work(key: string): Promise<void>;
  /** After a failure: how long to wait before working the key again, or undefined to drop it. `attempt` counts from 0. */
  retryDelay(key: string, err: unknown, attempt: number): number | undefined;
}

/**
 * A coalescing work queue keyed by object (client-go's workqueue, in small). A key added many times
 * before it runs is worked once; a key is never worked twice at once (added while in flight, it runs
 * again afterwards); at most `concurrency` keys are in flight; a failed key waits out its backoff, and
 * adding it meanwhile does not cut the wait short. `add` never waits.
 */
export class StatusQueue {
  /** Keys to work now, oldest first. */
  private readonly ready = new Set<string>();
  /** Keys added while in flight: they run again when the current run ends. */
  private readonly again = new Set<string>();
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Keys waiting out a backoff after a failure. */
  private readonly waiting = new Map<string, NodeJS.Timeout>();
  private readonly attempts = new Map<string, number>();
  /** Bumped by clear(): runs started before it end without retrying or running again. */
  private generation = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: StatusQueueOptions) {}

  add(key: string): void {
    if (this.inFlight.has(key) || this.waiting.has(key)) this.again.add(key);
    else this.ready.add(key);
    this.pump();
  }

  /** Drops a key that is no longer wanted (a run already in flight finishes). */
  forget(key: string): void {
    this.ready.delete(key);
    this.again.delete(key);
    clearTimeout(this.waiting.get(key));
    this.waiting.delete(key);
    this.attempts.delete(key);
    this.settle();
  }

  /** Drops every key; runs in flight finish but are neither retried nor repeated. */
  clear(): void {
    this.generation++;
    this.ready.clear();
    this.again.clear();
    for (const t of this.waiting.values()) clearTimeout(t);
    this.waiting.clear();
    this.attempts.clear();
    this.settle();
  }

  /** clear(), then wait for the runs in flight. */
  async stop(): Promise<void> {
    this.clear();
    await Promise.all(this.inFlight.values());
  }

  /** Keys queued, in flight or waiting to retry. */
  get size(): number {
    return new Set([...this.ready, ...this.inFlight.keys(), ...this.waiting.keys()]).size;
  }

  /** Resolves once nothing is queued, in flight or waiting to retry. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    for (const key of this.ready) {
      if (this.inFlight.size >= this.options.concurrency) break;
      this.ready.delete(key);
      this.run(key);
    }
    this.settle();
  }

  private run(key: string): void {
    const generation = this.generation;
    const done = Promise.resolve()
      .then(() => this.options.work(key))
      .then(
        () => this.finished(key, generation, undefined),
        (err: unknown) => this.finished(key, generation, err ?? new Error('failed')),
      );
    this.inFlight.set(key, done);
  }

  private finished(key: string, generation: number, err: unknown): void {
    this.inFlight.delete(key);
    if (generation === this.generation) {
      const repeat = this.again.delete(key);
      if (err === undefined) {
        this.attempts.delete(key);
        if (repeat) this.ready.add(key);
      } else {
        this.retryLater(key, err);
      }
    }
    this.pump();
  }

  private retryLater(key: string, err: unknown): void {
    const attempt = this.attempts.get(key) ?? 0;
    const delay = this.options.retryDelay(key, err, attempt);
    if (delay === undefined) {
      this.attempts.delete(key);
      return;
    }
    this.attempts.set(key, attempt + 1);
    const timer = setTimeout(() => {
      this.waiting.delete(key);
      this.again.delete(key);
      this.ready.add(key);
      this.pump();
    }, delay);
    // A pending retry must not keep a stopping process alive.
    timer.unref();
    this.waiting.set(key, timer);
  }

  private settle(): void {
    if (this.idleWaiters.length === 0 || this.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

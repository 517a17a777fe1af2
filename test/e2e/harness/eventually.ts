import { setTimeout as sleep } from 'node:timers/promises';

export interface EventuallyOptions {
  /** Give up after this long. Default 10000. */
  timeoutMs?: number;
  /** Pause between attempts. Default 100. */
  intervalMs?: number;
}

/**
 * Runs `attempt` until it returns without throwing, and returns its result. Envoy applies config
 * asynchronously, so an e2e assertion about traffic must be retried rather than slept before. On
 * timeout the last failure is rethrown (with its own assertion message), noting how long was tried.
 */
export async function eventually<T>(attempt: () => T | Promise<T>, options: EventuallyOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let tries = 0;
  for (;;) {
    tries++;
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() + intervalMs > deadline) {
        if (err instanceof Error) {
          err.message = `${err.message}\n(still failing after ${tries} tries in ${timeoutMs} ms)`;
        }
        throw err;
      }
    }
    await sleep(intervalMs);
  }
}

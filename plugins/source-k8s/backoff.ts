/** Exponential backoff with full jitter: attempt 0 → up to `baseMs`, doubling to `maxMs`. */
export function backoffDelay(attempt: number, baseMs = 250, maxMs = 30_000, random: () => number = Math.random): number {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

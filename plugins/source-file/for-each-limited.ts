/**
 * Runs `fn` on every item with at most `limit` calls in flight. Reading ten thousand files with one
 * Promise.all would open them all at once (EMFILE, and every text in memory at the same moment).
 */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

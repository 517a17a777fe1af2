import type { Logger } from 'pino';

/** Awaits `p`, but gives up after `ms` with a warning naming what did not finish. Never throws. */
export async function withTimeout(p: Promise<unknown>, ms: number, what: string, logger: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    const r = await Promise.race([p.then(() => 'done' as const), timeout]);
    if (r === 'timeout') logger.warn(`${what} did not stop within ${ms} ms`);
  } catch (err) {
    logger.warn({ err }, `${what} failed to stop`);
  } finally {
    clearTimeout(timer);
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { EnvoyAdmin } from './envoy-admin.js';

export interface DrainOptions {
  /** The longest the drain may take (Envoy's --drain-time-s is the same). */
  drainSeconds: number;
  /** How often the connection count is read. Default 200 ms. */
  pollMs?: number;
  /** Resolves when Envoy's process exits: an admin error is then Envoy gone, not admin trouble. */
  exited?: Promise<unknown>;
}

export type DrainOutcome = 'no-connections-left' | 'drain-time-over' | 'admin-unreachable' | 'envoy-exited';

/** How long an admin error waits for Envoy's exit to be reported, which can trail the refused connection. */
const EXIT_REPORT_MS = 500;

/**
 * Envoy's graceful drain, driven over its admin interface:
 * 1. `POST /healthcheck/fail`: /ready answers 503, so load balancers stop sending new clients;
 * 2. `POST /drain_listeners?graceful`: listeners keep accepting for the drain time, but every HTTP
 *    response now carries `connection: close` (HTTP/2 gets GOAWAY), and at its end they stop;
 * 3. wait until the traffic listeners have no connection left, or the drain time is over. Waiting the
 *    full time when nobody is connected would only delay the exit; a WebSocket or TCP-proxy session
 *    keeps its connection open, so it gets the whole drain time.
 * Admin errors are logged and end the drain: Envoy is stopped anyway, just less gently. An error because
 * Envoy itself exited is reported as that.
 */
export async function drainEnvoy(admin: EnvoyAdmin, options: DrainOptions, logger: Logger): Promise<DrainOutcome> {
  const startedAt = Date.now();
  const deadline = startedAt + options.drainSeconds * 1000;
  try {
    await admin.post('/healthcheck/fail');
    await admin.post('/drain_listeners?graceful');
    logger.info({ drainSeconds: options.drainSeconds }, 'envoy draining: failing readiness, closing connections as their requests end');
    for (;;) {
      const active = await admin.activeDownstreamConnections();
      if (active === 0) {
        logger.info({ tookMs: Date.now() - startedAt }, 'envoy drained: no downstream connections left');
        return 'no-connections-left';
      }
      if (Date.now() >= deadline) {
        logger.info({ active, tookMs: Date.now() - startedAt }, 'envoy drain time over; closing the connections left');
        return 'drain-time-over';
      }
      await sleep(Math.min(options.pollMs ?? 200, Math.max(deadline - Date.now(), 0)));
    }
  } catch (err) {
    const gone = options.exited && (await Promise.race([options.exited.then(() => true), sleep(EXIT_REPORT_MS, false, { ref: false })]));
    if (gone) {
      logger.warn({ tookMs: Date.now() - startedAt }, 'envoy exited during the drain');
      return 'envoy-exited';
    }
    logger.warn({ err }, 'envoy admin unreachable during the drain; stopping envoy without it');
    return 'admin-unreachable';
  }
}

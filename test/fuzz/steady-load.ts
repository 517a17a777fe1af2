/**
 * Steady traffic on the good routes during a storm: a few clients, each cycling through every probe on a
 * fresh connection, checking who answered and what path it saw. One wrong answer is a broken promise, so
 * every failure is kept with enough detail to tell a 404 (route withdrawn) from a misroute (takeover).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { EchoReply } from '../e2e/harness/echo-backend.js';
import { request } from '../e2e/harness/http-client.js';
import type { Probe } from './good-routes.js';

export interface LoadResult {
  sent: number;
  failed: number;
  /** The first failures (at most 50), described. */
  failures: string[];
  byProbe: Record<string, number>;
}

export interface LoadOptions {
  httpPort: number;
  httpsPort: number;
  ca: string;
  clients?: number;
  /** Pause between one client's requests, so the load is steady rather than saturating two shared cores. */
  pauseMs?: number;
}

export function startSteadyLoad(probes: readonly Probe[], options: LoadOptions): { stop(): Promise<LoadResult> } {
  const result: LoadResult = { sent: 0, failed: 0, failures: [], byProbe: {} };
  let running = true;
  const started = Date.now();
  const fail = (p: Probe, what: string) => {
    result.failed++;
    if (result.failures.length < 50) result.failures.push(`+${Date.now() - started} ms ${p.tls ? 'https' : 'http'}://${p.host}${p.path}: ${what}`);
  };
  const client = async (offset: number) => {
    for (let i = offset; running; i++) {
      const p = probes[i % probes.length]!;
      result.sent++;
      try {
        const r = await request({ port: p.tls ? options.httpsPort : options.httpPort, host: p.host, path: p.path, timeoutMs: 5000, ...(p.tls ? { tls: { ca: options.ca } } : {}) });
        const backend = r.headers['x-echo-backend'];
        if (r.status !== 200 || backend !== p.backend) fail(p, `status ${r.status} from ${backend ?? 'envoy'} (want ${p.backend}): ${r.body.slice(0, 120)}`);
        else if (p.upstreamPath && r.json<EchoReply>().path !== p.upstreamPath) fail(p, `backend saw ${r.json<EchoReply>().path}, want ${p.upstreamPath}`);
        else result.byProbe[`${p.host}${p.path}`] = (result.byProbe[`${p.host}${p.path}`] ?? 0) + 1;
      } catch (err) {
        fail(p, (err as Error).message);
      }
      if (options.pauseMs) await sleep(options.pauseMs);
    }
  };
  const clients = Array.from({ length: options.clients ?? 4 }, (_, c) => client(c * 5));
  return {
    async stop() {
      running = false;
      await Promise.all(clients);
      return result;
    },
  };
}

import { Agent, request as httpRequest } from 'node:http';
import type { HttpResponse } from './http-client.js';

/** What a batch of requests got: answers per backend (200s only) and every other outcome, described. */
export interface Tally {
  byBackend: Record<string, number>;
  failures: string[];
}

/** The echo backend that answered (its header), or undefined for anything Envoy answered itself. */
export function backendOf(r: HttpResponse): string | undefined {
  const b = r.headers['x-echo-backend'];
  return typeof b === 'string' ? b : undefined;
}

/** Sends `n` requests, `concurrency` at a time, and counts who answered. */
export async function tally(n: number, send: () => Promise<HttpResponse>, concurrency = 8): Promise<Tally> {
  const out: Tally = { byBackend: {}, failures: [] };
  let started = 0;
  const worker = async () => {
    while (started < n) {
      started++;
      try {
        const r = await send();
        const backend = backendOf(r);
        if (r.status === 200 && backend) out.byBackend[backend] = (out.byBackend[backend] ?? 0) + 1;
        else out.failures.push(`status ${r.status} from ${backend ?? 'envoy'}: ${r.body.slice(0, 200)}`);
      } catch (err) {
        out.failures.push((err as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

/**
 * `n` requests one after the other on ONE kept-alive connection, and the backend that answered each.
 * Envoy serves a connection on one worker thread, and each worker balances on its own: this is how a
 * test sees one load balancer's order (round robin's strict alternation) rather than several interleaved.
 */
export async function sequenceOnOneConnection(port: number, host: string, path: string, n: number): Promise<string[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const seen: string[] = [];
  const sockets = new Set<unknown>();
  try {
    for (let i = 0; i < n; i++) {
      seen.push(
        await new Promise<string>((resolve, reject) => {
          const req = httpRequest({ host: '127.0.0.1', port, path, agent, headers: { host } }, (res) => {
            sockets.add(res.socket);
            res.resume();
            res.on('end', () => resolve(res.statusCode === 200 ? String(res.headers['x-echo-backend']) : `status ${res.statusCode}`));
            res.on('error', reject);
          });
          req.setTimeout(5000, () => req.destroy(new Error(`request ${i} to ${path} timed out`)));
          req.on('error', reject);
          req.end();
        }),
      );
    }
  } finally {
    agent.destroy();
  }
  if (sockets.size !== 1) throw new Error(`expected one connection, used ${sockets.size}`);
  return seen;
}

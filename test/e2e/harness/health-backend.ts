import { createServer } from 'node:http';
import { listenOnLoopback } from './listen.js';

/** A request to the health path, as Envoy's health checker sent it. */
export interface CheckRequest {
  path: string;
  host: string | undefined;
}

export interface HealthBackend {
  readonly name: string;
  readonly port: number;
  /** Health-path requests received, oldest first. */
  readonly checks: readonly CheckRequest[];
  /** What the health path answers from now on (default 200). */
  setHealth(status: number): void;
  close(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 whose health path answers a settable status while every other request
 * gets 200 with an `x-echo-backend` header (as the echo backend's). Real traffic never fails here, so
 * a test that sees no traffic reach it has seen the active health check, and nothing else, at work.
 */
export async function startHealthBackend(name: string, healthPath: string): Promise<HealthBackend> {
  let health = 200;
  const checks: CheckRequest[] = [];
  const server = createServer((req, res) => {
    req.resume();
    const isCheck = (req.url ?? '').split('?')[0] === healthPath;
    if (isCheck) checks.push({ path: req.url ?? '', host: req.headers.host });
    const status = isCheck ? health : 200;
    res.writeHead(status, { 'content-type': 'text/plain', 'x-echo-backend': name });
    res.end(`${name} ${status}\n`);
  });
  const port = await listenOnLoopback(server);
  let closed: Promise<void> | undefined;
  return {
    name,
    port,
    checks,
    setHealth(status) {
      health = status;
    },
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

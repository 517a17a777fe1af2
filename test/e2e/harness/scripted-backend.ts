import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './listen.js';

/**
 * A backend whose behaviour each request's query string scripts, counted per URL (path with query), so
 * every test case can use its own URL and start from zero:
 * - `fail=N`: the first N requests to this URL are answered 503, or `code=C` when given;
 * - `delay=MS`: answer after MS milliseconds; `delayCount=N`: only the first N requests are delayed.
 */
export interface ScriptedBackend {
  readonly name: string;
  readonly port: number;
  /** How many requests arrived for `url` (path with query, as the backend received it). */
  hits(url: string): number;
  close(): Promise<void>;
}

/** What the backend answers with (JSON), failing or not. */
export interface ScriptedReply {
  backend: string;
  url: string;
  /** 1 for the first request to this URL, 2 for the second, … */
  attempt: number;
}

export async function startScriptedBackend(name: string): Promise<ScriptedBackend> {
  const counts = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const url = req.url ?? '';
    const attempt = (counts.get(url) ?? 0) + 1;
    counts.set(url, attempt);
    req.resume();
    const script = new URL(url, 'http://backend').searchParams;
    const failing = attempt <= numberParam(script, 'fail', 0);
    const failure = numberParam(script, 'code', 503);
    const delay = attempt <= numberParam(script, 'delayCount', Number.POSITIVE_INFINITY) ? numberParam(script, 'delay', 0) : 0;
    const reply: ScriptedReply = { backend: name, url, attempt };
    if (delay === 0) return answer(res, failing ? failure : 200, reply);
    const timer = setTimeout(() => {
      timers.delete(timer);
      answer(res, failing ? failure : 200, reply);
    }, delay);
    timers.add(timer);
  });
  const port = await listenOnLoopback(server);
  let closed: Promise<void> | undefined;
  return {
    name,
    port,
    hits: (url) => counts.get(url) ?? 0,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function numberParam(params: URLSearchParams, key: string, fallback: number): number {
  const v = params.get(key);
  return v !== null && Number.isFinite(Number(v)) ? Number(v) : fallback;
}

/** Envoy may have given up on the request already (a timeout): then there is no one left to answer. */
function answer(res: ServerResponse<IncomingMessage>, status: number, reply: ScriptedReply): void {
  if (res.destroyed || res.writableEnded) return;
  const body = JSON.stringify(reply);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-backend-attempt': String(reply.attempt) });
  res.end(body);
}

import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './listen.js';

/** What an echo backend answers: who answered, and the request as it arrived (after Envoy). */
export interface EchoReply {
  backend: string;
  method: string;
  /** Path including the query string, exactly as received. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface EchoBackend {
  readonly name: string;
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Every request received, oldest first. */
  readonly requests: readonly EchoReply[];
  /** Status for later requests (default 200). A request header `x-echo-status: <code>` overrides it once. */
  setStatus(status: number): void;
  close(): Promise<void>;
}

export const ECHO_STATUS_HEADER = 'x-echo-status';

/** An HTTP/1.1 server on 127.0.0.1 (a free port) that answers every request with an EchoReply as JSON. */
export async function startEchoBackend(name: string, options: { status?: number } = {}): Promise<EchoBackend> {
  let status = options.status ?? 200;
  const requests: EchoReply[] = [];
  const server = createServer((req, res) => {
    collect(req).then(
      (body) => {
        const reply: EchoReply = { backend: name, method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
        requests.push(reply);
        answer(res, statusFor(req, status), reply);
      },
      () => res.destroy(),
    );
  });
  // close() ends every connection, so idle ones may stay open as long as Envoy wants them.
  const port = await listenOnLoopback(server, 600_000);
  let closed: Promise<void> | undefined;
  return {
    name,
    host: '127.0.0.1',
    port,
    requests,
    setStatus(next) {
      status = next;
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

function statusFor(req: IncomingMessage, fallback: number): number {
  const asked = req.headers[ECHO_STATUS_HEADER];
  const n = typeof asked === 'string' ? Number(asked) : NaN;
  return Number.isInteger(n) && n >= 200 && n <= 599 ? n : fallback;
}

function answer(res: ServerResponse, status: number, reply: EchoReply): void {
  const body = JSON.stringify(reply);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-echo-backend': reply.backend });
  res.end(body);
}

function collect(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

import { createServer, type IncomingMessage } from 'node:http';
import WebSocket, { WebSocketServer } from 'ws';
import { listenOnLoopback } from './listen.js';

/** A backend that echoes WebSocket messages and answers plain HTTP with what it received. */
export interface WebsocketBackend {
  readonly name: string;
  readonly port: number;
  /** Paths of the WebSocket upgrades accepted so far, oldest first. */
  readonly upgrades: readonly string[];
  /** Paths of the plain HTTP requests received so far, oldest first. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

/** What the backend answers a plain HTTP request with (JSON), and prefixes each echoed message with. */
export interface WebsocketBackendReply {
  backend: string;
  path: string;
}

/**
 * An HTTP/1.1 server on 127.0.0.1 (a free port). Upgrades become WebSocket sessions that send every
 * message back as `<name>:<message>`, so a test sees which backend echoed it; other requests get a
 * WebsocketBackendReply as JSON.
 */
export async function startWebsocketBackend(name: string): Promise<WebsocketBackend> {
  const upgrades: string[] = [];
  const requests: string[] = [];
  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', (socket: WebSocket) => {
    socket.on('message', (data, isBinary) => socket.send(isBinary ? data : `${name}:${data.toString()}`, { binary: isBinary }));
  });
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = JSON.stringify({ backend: name, path: req.url ?? '' } satisfies WebsocketBackendReply);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      upgrades.push(req.url ?? '');
      wss.emit('connection', ws, req);
    });
  });
  const port = await listenOnLoopback(server);
  let closed: Promise<void> | undefined;
  return {
    name,
    port,
    upgrades,
    requests,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** The outcome of a WebSocket handshake: an open session, or the HTTP status the upgrade was refused with. */
export type WebsocketDial = { session: WebsocketSession } | { refused: number };

/** A client WebSocket session that reads replies in order. */
export interface WebsocketSession {
  /** Sends `text` and resolves with the next text message received (or one already waiting). */
  exchange(text: string, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

/** Opens a WebSocket to 127.0.0.1:`port` with the given Host header (the virtual host to hit). */
export function dialWebsocket(port: number, host: string, path: string, timeoutMs = 5000): Promise<WebsocketDial> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers: { host }, handshakeTimeout: timeoutMs });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      ws.terminate();
      resolve({ refused: res.statusCode ?? 0 });
    });
    ws.once('open', () => resolve({ session: sessionOf(ws) }));
    ws.once('error', reject);
  });
}

function sessionOf(ws: WebSocket): WebsocketSession {
  const inbox: string[] = [];
  const waiting: Array<(text: string) => void> = [];
  ws.on('message', (data) => {
    const text = data.toString();
    const next = waiting.shift();
    if (next) next(text);
    else inbox.push(text);
  });
  return {
    exchange(text, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const take = (reply: string) => {
          clearTimeout(timer);
          resolve(reply);
        };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(take), 1);
          reject(new Error(`no WebSocket reply to "${text}" within ${timeoutMs} ms`));
        }, timeoutMs);
        const early = inbox.shift();
        if (early !== undefined) take(early);
        else waiting.push(take);
        ws.send(text, (err) => {
          if (err) reject(err);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close();
      });
    },
  };
}

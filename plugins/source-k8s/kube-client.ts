import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import type { KubeConfig } from '@kubernetes/client-node';

export interface KubeRequest {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Default application/json; server-side apply uses application/apply-patch+yaml, merge patches application/merge-patch+json. */
  contentType?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface KubeResponse<T = unknown> {
  status: number;
  body: T;
}

/** A failed API call; `status` is the HTTP status (0: no answer), `reason` the Status object's reason. */
export class KubeApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(`${method} ${path}: ${status ? `${status} ` : ''}${message}`);
  }
}

/** One event of a watch stream. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: { metadata?: { resourceVersion?: string }; code?: number; reason?: string; message?: string; [k: string]: unknown };
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * A small JSON client for the Kubernetes API: credentials, CA and server come from a KubeConfig
 * (@kubernetes/client-node's loading of kubeconfig files and in-cluster service accounts); requests
 * and watch streams are plain node:https with keep-alive, so status codes (409 Conflict, 410 Gone) and
 * stream ends are seen exactly as the API server sends them.
 */
export class KubeClient {
  private readonly server: URL;
  private readonly agent: http.Agent;

  constructor(private readonly kubeConfig: KubeConfig) {
    const cluster = kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster');
    this.server = new URL(cluster.server);
    const secure = this.server.protocol === 'https:';
    this.agent = secure ? new https.Agent({ keepAlive: true, maxSockets: 32 }) : new http.Agent({ keepAlive: true, maxSockets: 32 });
  }

  get serverUrl(): string {
    return this.server.toString();
  }

  async request<T = unknown>(method: string, path: string, req: KubeRequest = {}): Promise<KubeResponse<T>> {
    const res = await this.open(method, path, req);
    const text = await readAll(res);
    const status = res.statusCode ?? 0;
    let body: unknown = text;
    if (text && (res.headers['content-type'] ?? '').includes('json')) body = JSON.parse(text);
    if (status >= 400) throw apiError(method, path, status, body);
    return { status, body: body as T };
  }

  /**
   * Streams a watch: calls `onEvent` per event; resolves when the server ends the stream (a timeout,
   * a restart), rejects when the request fails or `signal` aborts. An ERROR event (e.g. 410 Gone) is
   * passed on as an event; the caller decides.
   */
  async watch(path: string, query: KubeRequest['query'], onEvent: (event: WatchEvent) => void, signal: AbortSignal, idleTimeoutMs = 90_000): Promise<void> {
    const res = await this.open('GET', path, { query: { ...query, watch: true }, signal, timeoutMs: idleTimeoutMs });
    if ((res.statusCode ?? 0) >= 400) {
      const text = await readAll(res);
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      throw apiError('WATCH', path, res.statusCode ?? 0, body);
    }
    await new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: res, crlfDelay: Infinity });
      lines.on('line', (line) => {
        if (!line.trim()) return;
        let event: WatchEvent;
        try {
          event = JSON.parse(line) as WatchEvent;
        } catch {
          return reject(new KubeApiError('WATCH', path, 0, 'BadEvent', `undecodable watch event: ${line.slice(0, 200)}`));
        }
        try {
          onEvent(event);
        } catch (err) {
          // The handler refused the stream (e.g. 410 Gone): stop reading and hand its error back.
          reject(err);
          res.destroy();
        }
      });
      // Both the response and readline over it report a dropped connection; the first one wins.
      res.on('error', reject);
      lines.on('error', reject);
      res.once('aborted', () => reject(new KubeApiError('WATCH', path, 0, 'Aborted', 'watch stream aborted')));
      lines.once('close', () => resolve());
    });
  }

  close(): void {
    this.agent.destroy();
  }

  private async open(method: string, path: string, req: KubeRequest): Promise<http.IncomingMessage> {
    const url = new URL(path, this.server);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const options: https.RequestOptions = { method, agent: this.agent, headers: { accept: 'application/json' } };
    await this.kubeConfig.applyToHTTPSOptions(options);
    let payload: string | undefined;
    if (req.body !== undefined) {
      payload = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
      options.headers = { ...options.headers, 'content-type': req.contentType ?? 'application/json', 'content-length': Buffer.byteLength(payload) };
    }
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const r = transport.request(url, { ...options, signal: req.signal }, resolve);
      r.setTimeout(req.timeoutMs ?? DEFAULT_TIMEOUT_MS, () => r.destroy(new KubeApiError(method, path, 0, 'Timeout', `no answer within ${req.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`)));
      r.once('error', (err) => reject(err instanceof KubeApiError ? err : new KubeApiError(method, path, 0, 'ConnectionFailed', err.message)));
      r.end(payload);
    });
  }
}

function readAll(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.once('error', reject);
  });
}

function apiError(method: string, path: string, status: number, body: unknown): KubeApiError {
  const s = (typeof body === 'object' && body !== null ? body : {}) as { reason?: string; message?: string };
  const message = s.message ?? (typeof body === 'string' && body ? body.slice(0, 300) : http.STATUS_CODES[status] ?? 'error');
  return new KubeApiError(method, path, status, s.reason ?? http.STATUS_CODES[status] ?? 'Unknown', message);
}

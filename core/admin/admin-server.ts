import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Engine } from '../engine/engine.js';
import { IsobarError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import { dagToDot } from './dag-dot.js';
import type { KindRegistry } from '../kinds/kind-registry.js';
import { REDACTED_ALWAYS, redactSecrets, redactText } from '../util/redact.js';

/**
 * isobar's own HTTP endpoint (127.0.0.1 by default): /healthz (alive), /readyz (synced and serving),
 * /status (per-object conditions, file problems, sinks), /debug/dag (DOT), /metrics (Prometheus).
 *
 * Nothing it answers holds key material: over HTTP there is no --show-secrets. /status is redacted by
 * shape (Secret data, Envoy key fields) and every body, whatever the path, by content (PEM private keys,
 * plain or in base64), so a condition message quoting a Secret's value is masked too.
 */
export class AdminServer {
  private server?: Server;

  constructor(
    private readonly engine: Engine,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly kinds: KindRegistry,
  ) {}

  async listen(address: string, port: number): Promise<number> {
    const server = createServer((req, res) => this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) => reject(new IsobarError('ADMIN_LISTEN', `status endpoint cannot listen on ${address}:${port}: ${err.message}`, { cause: err })));
      server.listen(port, address, () => resolve());
    });
    const bound = (server.address() as AddressInfo).port;
    this.logger.info({ address, port: bound }, `status endpoint on http://${address}:${bound}/status`);
    return bound;
  }

  async close(): Promise<void> {
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n');
    switch (path) {
      case '/healthz':
        return send(res, 200, 'text/plain', 'ok\n');
      case '/readyz': {
        const why = this.engine.notReadyReason();
        return why === undefined ? send(res, 200, 'text/plain', 'ready\n') : send(res, 503, 'text/plain', `not ready: ${why}\n`);
      }
      case '/status':
        return send(res, 200, 'application/json', JSON.stringify(redactSecrets(this.status(), REDACTED_ALWAYS), null, 2) + '\n');
      case '/debug/dag': {
        const build = this.engine.lastBuild();
        return build ? send(res, 200, 'text/vnd.graphviz', dagToDot(build.dag)) : send(res, 503, 'text/plain', 'no build yet\n');
      }
      case '/metrics':
        return void this.metrics.text().then(
          (text) => send(res, 200, this.metrics.contentType, text),
          (err: unknown) => {
            this.logger.error({ err }, 'collecting metrics failed');
            send(res, 500, 'text/plain', `collecting metrics failed: ${(err as Error).message}\n`);
          },
        );
      default:
        return send(res, 404, 'text/plain', 'not found: try /status, /healthz, /readyz, /debug/dag, /metrics\n');
    }
  }

  private status(): unknown {
    const snap = this.engine.snapshot();
    const objects = this.engine.board.objectStatuses();
    return {
      ready: this.engine.ready(),
      ...(this.engine.ready() ? {} : { notReady: this.engine.notReadyReason() }),
      version: snap?.version ?? null,
      publishedAt: snap?.createdAt.toISOString() ?? null,
      summary: {
        objects: objects.length,
        valid: objects.filter((o) => o.state === 'valid').length,
        warning: objects.filter((o) => o.state === 'warning').length,
        invalid: objects.filter((o) => o.state === 'invalid').length,
        orphaned: objects.filter((o) => o.state === 'orphaned').length,
      },
      problems: this.engine.board.sourceProblems(),
      // Each object also shows the status its kind would write back (IngressRoute's currentStatus and description).
      objects: objects.map((o) => {
        const status = this.kinds.get(o.ref.kind)?.status?.fields(o, { addresses: [] });
        return status ? { ...o, status } : o;
      }),
      sources: this.engine.sourceStatus(),
      sinks: this.engine.sinkStatus(),
    };
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(redactText(body, REDACTED_ALWAYS));
}

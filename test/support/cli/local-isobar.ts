/**
 * Test and benchmark support: isobar in-process (file source → xDS sink on a free 127.0.0.1 port)
 * over a temporary directory of YAML, without Envoy. For the xDS client command's tests and the xDS
 * benchmarks, which only need a real xDS server fed the realistic way.
 */
import { App } from '../../../cli/app.js';
import { inProcessConfig } from '../../e2e/harness/in-process-config.js';
import { createLogger } from '../../../core/logging.js';
import { createTempDir, type TempDir } from '../../e2e/harness/temp-dir.js';

export interface LocalIsobar {
  app: App;
  dir: TempDir;
  xdsPort: number;
  /** Resolves once the engine has published a snapshot (the first, or the next after `since`); rejects after `timeoutMs`. */
  published(since?: string, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export async function startLocalIsobar(files: Record<string, string>, config: Record<string, unknown> = {}): Promise<LocalIsobar> {
  const dir = await createTempDir('isobar-xds-');
  for (const [name, content] of Object.entries(files)) await dir.write(name, content);
  const cfg = inProcessConfig(dir.path, config);
  const app = await App.create(cfg, createLogger(cfg.log));
  await app.start();
  const xdsPort = app.xdsPort();
  if (!xdsPort) {
    await app.stop();
    throw new Error('sink-xds did not report its port');
  }
  const listeners: Array<(version: string) => void> = [];
  app.engine.onPublish((s) => listeners.splice(0).forEach((l) => l(s.version)));
  return {
    app,
    dir,
    xdsPort,
    published(since, timeoutMs = 60_000) {
      const now = app.engine.snapshot()?.version;
      if (now !== undefined && now !== since) return Promise.resolve(now);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no snapshot published within ${timeoutMs} ms`)), timeoutMs);
        listeners.push((version) => {
          clearTimeout(timer);
          resolve(version);
        });
      });
    },
    async stop() {
      await app.stop();
      await dir.remove();
    },
  };
}

/**
 * When the engine handed the snapshot to the xDS sink (epoch ms) and how long the sink's publish() took
 * (it may push to streams synchronously), by wrapping that one method: benchmark instrumentation only.
 */
export function timeSinkPublish(isobar: LocalIsobar): { entered: number; took: number; reset(): void } {
  const sink = isobar.app.sink('sink-xds')!;
  const t = { entered: 0, took: 0, reset: () => ((t.entered = 0), (t.took = 0)) };
  const original = sink.publish.bind(sink);
  sink.publish = (snapshot) => {
    const start = performance.timeOrigin + performance.now();
    original(snapshot);
    if (!t.entered) ((t.entered = start), (t.took = performance.timeOrigin + performance.now() - start));
  };
  return t;
}

/** A Service, its Endpoints (one address) and an Ingress routing `host` to it, as YAML documents. */
export function appYaml(ns: string, name: string, host: string, ip: string, port: number): string {
  return `apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec:
  ports: [{ name: http, port: 80 }]
---
${endpointsYaml(ns, name, ip, port)}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: ${name}, namespace: ${ns} }
spec:
  rules:
  - host: ${host}
    http:
      paths:
      - { path: /, pathType: Prefix, backend: { service: { name: ${name}, port: { number: 80 } } } }
`;
}

export function endpointsYaml(ns: string, name: string, ip: string, port: number): string {
  return `apiVersion: v1
kind: Endpoints
metadata: { name: ${name}, namespace: ${ns} }
subsets:
- addresses: [{ ip: ${ip} }]
  ports: [{ name: http, port: ${port} }]
`;
}

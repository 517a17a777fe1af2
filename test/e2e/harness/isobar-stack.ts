import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { App } from '../../../cli/app.js';
import type { IsobarConfig } from '../../../config/schema.js';
import { inProcessConfig } from './in-process-config.js';
import { createLogger } from '../../../core/logging.js';
import { buildBootstrap, type XdsMode } from '../../../plugins/sink-static/bootstrap-writer.js';
import { toProtoJson } from '../../../plugins/sink-static/proto-json.js';
import { Bootstrap } from '../../../core/generated/envoy/config/bootstrap/v3/bootstrap.js';
import { startEnvoy, type CleanupScope, type EnvoyProcess } from './envoy-process.js';
import { request, type HttpResponse, type RequestOptions } from './http-client.js';
import { freePorts } from './ports.js';
import { createTempDir, type TempDir } from './temp-dir.js';
import type { PluginCatalog } from '../../../core/container/plugin-loader.js';

/** isobar in-process (file source → xDS) with a real Envoy attached, on free 127.0.0.1 ports. */
export interface IsobarStack {
  dir: TempDir;
  app: App;
  envoy: EnvoyProcess;
  config: IsobarConfig;
  httpPort: number;
  httpsPort: number;
  xdsPort: number;
  /** Writes (or replaces) a YAML file in the watched directory. */
  write(name: string, content: string): Promise<void>;
  remove(name: string): Promise<void>;
  /** A request to Envoy's HTTP listener (or HTTPS with `tls`). */
  get(path: string, options?: Omit<RequestOptions, 'port' | 'path'>): Promise<HttpResponse>;
  /** isobar's /status JSON. */
  status(): Promise<StatusJson>;
  stop(): Promise<void>;
}

export interface StatusJson {
  ready: boolean;
  version: string | null;
  problems: Array<{ file?: string; line?: number; reason: string; message: string; field?: string }>;
  objects: Array<{ ref: { kind: string; namespace: string; name: string }; state: string; status?: unknown; conditions: Array<{ reason: string; message: string; field?: string; line?: number; file?: string }> }>;
  sinks: Record<string, { nacksTotal?: number }>;
  sources?: Record<string, { synced: boolean; [k: string]: any }>;
}

export interface StackOptions {
  /** Files to write before isobar starts. */
  files?: Record<string, string>;
  /** Extra config keys, e.g. { 'listeners.https.redirectPort': 8443 }. */
  config?: Record<string, unknown>;
  /** How Envoy talks xDS: 'ads' (default), 'delta-ads', or 'per-type' (which also sets xds.configSource 'grpc'). */
  xdsMode?: XdsMode;
  /** Envoy's bootstrap (a file, or proto3 JSON) once isobar's xDS port is known; default xdsBootstrap(). */
  bootstrap?: (xdsPort: number) => Promise<string | Record<string, unknown>>;
  /** The plugins isobar can load (default: the ones it ships), e.g. with a test's own API plugin added. */
  catalog?: PluginCatalog;
}

/** An Envoy bootstrap (proto3 JSON) pointing at isobar's xDS server on 127.0.0.1; of the default fleet unless one is named. */
export function xdsBootstrap(xdsPort: number, nodeId: string, xdsMode: XdsMode = 'ads', fleet?: string): Record<string, unknown> {
  const options = { xdsAddress: '127.0.0.1', xdsPort, nodeId, nodeCluster: 'e2e', adminPort: 0, xdsMode, ...(fleet ? { fleet } : {}) };
  return toProtoJson(Bootstrap, buildBootstrap(options));
}

export async function startStack(scope: CleanupScope, options: StackOptions = {}): Promise<IsobarStack> {
  const dir = await createTempDir('isobar-stack-');
  const write = async (name: string, content: string) => {
    const file = dir.file(name);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
  };
  for (const [name, content] of Object.entries(options.files ?? {})) await write(name, content);
  const [httpPort, httpsPort] = await freePorts(2);
  const config = inProcessConfig(dir.path, {
    'listeners.http.address': '127.0.0.1',
    'listeners.http.port': httpPort,
    'listeners.https.address': '127.0.0.1',
    'listeners.https.port': httpsPort,
    ...(options.xdsMode === 'per-type' ? { 'xds.configSource': 'grpc' } : {}),
    ...options.config,
  });
  const app = await App.create(config, createLogger(config.log), options.catalog);
  await app.start();
  const xdsPort = app.xdsPort();
  if (!xdsPort) throw new Error('sink-xds did not report its port');
  let envoy: EnvoyProcess;
  try {
    envoy = await startEnvoy({ bootstrap: options.bootstrap ? await options.bootstrap(xdsPort) : xdsBootstrap(xdsPort, 'e2e', options.xdsMode) });
  } catch (err) {
    await app.stop();
    throw err;
  }
  const stack: IsobarStack = {
    dir,
    app,
    envoy,
    config,
    httpPort,
    httpsPort,
    xdsPort,
    write,
    remove: (name) => rm(dir.file(name), { force: true }),
    get: (path, o = {}) => request({ ...o, port: o.tls ? httpsPort : httpPort, path }),
    async status() {
      const r = await request({ port: app.adminPort, path: '/status' });
      return r.json<StatusJson>();
    },
    async stop() {
      await envoy.stop();
      await app.stop();
      await dir.remove();
    },
  };
  scope.after(() => stack.stop());
  return stack;
}

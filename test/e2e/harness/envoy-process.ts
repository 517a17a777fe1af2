import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { findEnvoyBinary } from './envoy-binary.js';
import { ManagedProcess } from './managed-process.js';
import { request } from './http-client.js';
import { createTempDir, type TempDir } from './temp-dir.js';

export interface StartEnvoyOptions {
  /**
   * A bootstrap file (JSON or YAML), or a bootstrap as proto3 JSON (e.g. from toProtoJson), written to a
   * temp file. An object without `admin` gets admin on 127.0.0.1 with a port Envoy picks.
   */
  bootstrap: string | Record<string, unknown>;
  /** Envoy's --log-level. Default $ENVOY_LOG_LEVEL, else warn. */
  logLevel?: string;
  /** 'ready' (default): until /ready says LIVE, i.e. initial config is loaded. 'admin': until admin answers. */
  waitFor?: 'ready' | 'admin';
  /** Default 30000. */
  startTimeoutMs?: number;
  extraArgs?: string[];
  /** Default findEnvoyBinary(). */
  bin?: string;
}

/** node:test's TestContext fits: `startEnvoy(options, t)` stops Envoy when the test ends. */
export interface CleanupScope {
  after(fn: () => unknown): void;
}

export interface AdminResponse {
  status: number;
  body: string;
}

export async function startEnvoy(options: StartEnvoyOptions, scope?: CleanupScope): Promise<EnvoyProcess> {
  const envoy = await EnvoyProcess.start(options);
  scope?.after(() => envoy.stop());
  return envoy;
}

/** A real Envoy child process with its admin interface on 127.0.0.1. */
export class EnvoyProcess {
  private adminPortValue = 0;

  private constructor(
    private readonly proc: ManagedProcess,
    private readonly dir: TempDir,
    readonly bin: string,
  ) {}

  static async start(options: StartEnvoyOptions): Promise<EnvoyProcess> {
    const bin = options.bin ?? findEnvoyBinary();
    const dir = await createTempDir('isobar-envoy-');
    const bootstrapFile = typeof options.bootstrap === 'string' ? options.bootstrap : await dir.write('bootstrap.json', JSON.stringify(withAdmin(options.bootstrap)));
    const addressFile = dir.file('admin-address');
    const args = [
      ...['-c', bootstrapFile, '--use-dynamic-base-id', '--admin-address-path', addressFile],
      ...['--log-level', options.logLevel ?? process.env.ENVOY_LOG_LEVEL ?? 'warn'],
      // Access logs are buffered for 10 s by default; a test reading them should not wait that long.
      ...['--file-flush-interval-msec', '100'],
      ...(options.extraArgs ?? []),
    ];
    const proc = ManagedProcess.spawn('envoy', bin, args);
    const envoy = new EnvoyProcess(proc, dir, bin);
    try {
      await Promise.race([envoy.waitUntilUp(addressFile, options.waitFor ?? 'ready', options.startTimeoutMs ?? 30_000), proc.spawnFailed]);
    } catch (err) {
      await envoy.stop();
      throw new Error(`${(err as Error).message}\n${envoy.describe()}`);
    }
    return envoy;
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  get adminPort(): number {
    return this.adminPortValue;
  }

  get adminUrl(): string {
    return `http://127.0.0.1:${this.adminPortValue}`;
  }

  /** Envoy's stdout and stderr so far (interleaved, the last 256 KiB). */
  get logs(): string {
    return this.proc.logs;
  }

  get isRunning(): boolean {
    return this.proc.isRunning;
  }

  /** For assertion messages: the command line and the tail of Envoy's output. */
  describe(lines = 40): string {
    const state = this.isRunning ? 'running' : `exited with ${this.proc.exitStatus}`;
    return `envoy (${state}): ${this.proc.commandLine}\n--- envoy output (tail) ---\n${this.proc.tail(lines) || '(none)'}`;
  }

  /** A request to the admin interface. */
  async admin(path: string, method: 'GET' | 'POST' = 'GET'): Promise<AdminResponse> {
    const res = await request({ port: this.adminPortValue, path, method });
    return { status: res.status, body: res.body };
  }

  /** GET /config_dump (query e.g. 'resource=dynamic_active_clusters' or 'include_eds'), parsed. */
  async configDump(query = ''): Promise<ConfigDump> {
    return this.adminJson<ConfigDump>(`/config_dump${query ? `?${query}` : ''}`);
  }

  /** The config_dump section whose @type ends with `typeSuffix`, e.g. 'ListenersConfigDump'. */
  async configDumpSection<T = Record<string, unknown>>(typeSuffix: string): Promise<T | undefined> {
    const dump = await this.configDump();
    return dump.configs.find((c) => c['@type'].endsWith(typeSuffix)) as T | undefined;
  }

  /** GET /clusters?format=json, parsed. */
  async clusters(): Promise<ClustersStatus> {
    return this.adminJson<ClustersStatus>('/clusters?format=json');
  }

  async adminJson<T>(path: string): Promise<T> {
    const res = await this.admin(path);
    if (res.status !== 200) throw new Error(`envoy admin ${path} answered ${res.status}: ${res.body.slice(0, 500)}`);
    return JSON.parse(res.body) as T;
  }

  /** SIGTERM, then SIGKILL if Envoy is not gone within `timeoutMs`. Safe to call more than once. */
  async stop(timeoutMs = 10_000): Promise<void> {
    await this.proc.stop(timeoutMs);
    await this.dir.remove();
  }

  private async waitUntilUp(addressFile: string, waitFor: 'ready' | 'admin', timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'admin address not written yet';
    while (Date.now() < deadline) {
      if (!this.isRunning) throw new Error(`envoy exited with ${this.proc.exitStatus} before it was ${waitFor}`);
      try {
        if (this.adminPortValue === 0) this.adminPortValue = parsePort(await readFile(addressFile, 'utf8'));
        const res = await this.admin('/ready');
        if (waitFor === 'admin' || res.status === 200) return;
        last = `/ready answered ${res.status} ${res.body.trim()}`;
      } catch (err) {
        last = (err as Error).message;
      }
      await sleep(50);
    }
    throw new Error(`envoy was not ${waitFor} within ${timeoutMs} ms (last: ${last})`);
  }
}

/** The shape of /config_dump: one section per kind of config. */
export interface ConfigDump {
  configs: Array<{ '@type': string } & Record<string, unknown>>;
}

/** The shape of /clusters?format=json, as far as tests look. */
export interface ClustersStatus {
  cluster_statuses?: Array<{
    name: string;
    added_via_api?: boolean;
    host_statuses?: Array<{ address?: { socket_address?: { address: string; port_value: number } }; health_status?: Record<string, unknown> }>;
  }>;
}

function withAdmin(bootstrap: Record<string, unknown>): Record<string, unknown> {
  if (bootstrap.admin !== undefined) return bootstrap;
  return { ...bootstrap, admin: { address: { socketAddress: { address: '127.0.0.1', portValue: 0 } } } };
}

function parsePort(address: string): number {
  const match = /:(\d+)\s*$/.exec(address);
  if (!match) throw new Error(`admin address file holds "${address}"`);
  return Number(match[1]);
}

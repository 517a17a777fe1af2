/**
 * `isobar standalone` as a user runs it: the compiled CLI in a child process, with a real Envoy, over a
 * temporary directory holding a config and the Kubernetes YAML of one backend (Service `echo`, host
 * `echo.test`). Its log (JSON lines) is collected for assertions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findEnvoyBinary } from './envoy-binary.js';
import { freePorts } from './ports.js';

const MAIN = fileURLToPath(new URL('../../../cli/main.js', import.meta.url));

export interface StandaloneProcess {
  child: ChildProcess;
  httpPort: number;
  httpsPort: number;
  adminPort: number;
  envoyAdminPort: number;
  /** Envoy's stats listener (envoy.stats.port): GET /stats/prometheus only. */
  statsPort: number;
  /** Everything the process wrote (stdout and stderr) so far. */
  log(): string;
  /** The log's last 3000 characters, framed, for assertion messages. */
  tail(): string;
  /** The parsed JSON log records whose `msg` is `msg`. */
  records(msg: string): LogRecord[];
  /** Pids from the supervisor's `envoy started` lines, in order. */
  envoyPids(): number[];
  /** Resolves with the exit code (or signal name) and when the process exited (Date.now()). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Kills the process and every Envoy it started (test cleanup); safe to call more than once. */
  cleanup(): Promise<void>;
}

export interface LogRecord {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** The objects routing `echo.test` to a backend on 127.0.0.1:`backendPort`. */
export function echoObjects(backendPort: number): string {
  return `apiVersion: v1
kind: Service
metadata: { name: echo }
spec:
  ports: [{ name: http, port: 80 }]
---
apiVersion: v1
kind: Endpoints
metadata: { name: echo }
subsets:
- addresses: [{ ip: 127.0.0.1 }]
  ports: [{ name: http, port: ${backendPort} }]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: echo }
spec:
  rules:
  - host: echo.test
    http:
      paths:
      - { path: /, pathType: Prefix, backend: { service: { name: echo, port: { number: 80 } } } }
`;
}

/** More for the watched directory: YAML files by name, and the feature plugins they need. */
export interface ExtraObjects {
  files?: Record<string, string>;
  plugins?: string[];
}

/**
 * Starts `isobar standalone` routing echo.test to `backendPort`. `standalone` is the YAML flow mapping
 * of extra `standalone:` keys (e.g. `drainSeconds: 1`).
 */
export async function startStandalone(backendPort: number, standalone = '', extraArgs: string[] = [], extra: ExtraObjects = {}): Promise<StandaloneProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'isobar-standalone-e2e-'));
  const [httpPort, httpsPort, adminPort, envoyAdminPort, statsPort] = (await freePorts(5)) as [number, number, number, number, number];
  await mkdir(join(dir, 'k8s'));
  await writeFile(join(dir, 'k8s', 'echo.yaml'), echoObjects(backendPort));
  for (const [name, text] of Object.entries(extra.files ?? {})) await writeFile(join(dir, 'k8s', name), text);
  const config = join(dir, 'isobar.yaml');
  await writeFile(
    config,
    `plugins: [${['source-file', 'sink-xds', ...(extra.plugins ?? [])].join(', ')}]
sourceFile: { directory: ./k8s }
listeners:
  http: { address: 127.0.0.1, port: ${httpPort} }
  https: { address: 127.0.0.1, port: ${httpsPort} }
admin: { address: 127.0.0.1, port: ${adminPort} }
xds: { address: 127.0.0.1, port: 0 }
envoy: { stats: { address: 127.0.0.1, port: ${statsPort} } }
standalone: { envoyAdminPort: ${envoyAdminPort}${standalone ? `, ${standalone}` : ''} }
log: { level: info, format: json }
`,
  );
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ISOBAR_') && k !== 'ENVOY_BIN'));
  const child = spawn(process.execPath, [MAIN, 'standalone', '-c', config, '--envoy', findEnvoyBinary(), ...extraArgs], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (c: Buffer) => (log += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (log += c.toString('utf8')));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null, at: Date.now() }));
  const records = (msg: string): LogRecord[] =>
    log
      .split('\n')
      .filter((line) => line.startsWith('{') && line.includes(`"msg":${JSON.stringify(msg)}`))
      .map((line) => JSON.parse(line) as LogRecord)
      .filter((r) => r.msg === msg);
  const envoyPids = () => records('envoy started').map((r) => r.pid as number);
  return {
    child,
    httpPort,
    httpsPort,
    adminPort,
    envoyAdminPort,
    statsPort,
    log: () => log,
    tail: () => `\n--- isobar standalone output (tail) ---\n${log.slice(-3000)}`,
    records,
    envoyPids,
    exited,
    async cleanup() {
      child.kill('SIGKILL');
      for (const pid of envoyPids()) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/** The process group id of a live process, from /proc (Linux). */
export function processGroupOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces: state, ppid, pgrp.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[2]);
}

/**
 * `isobar standalone` as a user runs it (the compiled CLI in a child process): it starts a real Envoy,
 * routes a request from a YAML directory to a real backend, restarts Envoy when it dies, and on SIGINT
 * stops Envoy and itself.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startEchoBackend, type EchoReply } from './harness/echo-backend.js';
import { findEnvoyBinary } from './harness/envoy-binary.js';
import { eventually } from './harness/eventually.js';
import { request } from './harness/http-client.js';
import { freePorts } from './harness/ports.js';

const MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));

function k8sObjects(backendPort: number): string {
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

/** Pids from the supervisor's `envoy started` log lines (JSON on stderr), in order. */
function envoyPids(log: string): number[] {
  const pids: number[] = [];
  for (const line of log.split('\n')) {
    if (!line.includes('"msg":"envoy started"')) continue;
    pids.push((JSON.parse(line) as { pid: number }).pid);
  }
  return pids;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

test('standalone routes through its supervised Envoy, restarts it when it dies, and SIGINT stops both', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'isobar-cli-e2e-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const backend = await startEchoBackend('echo-cli');
  t.after(() => backend.close());
  const [httpPort, httpsPort, adminPort, envoyAdminPort] = (await freePorts(4)) as [number, number, number, number];
  await mkdir(join(dir, 'k8s'));
  await writeFile(join(dir, 'k8s', 'echo.yaml'), k8sObjects(backend.port));
  const config = join(dir, 'isobar.yaml');
  await writeFile(
    config,
    `plugins: [source-file, sink-xds]
sourceFile: { directory: ./k8s }
listeners:
  http: { address: 127.0.0.1, port: ${httpPort} }
  https: { address: 127.0.0.1, port: ${httpsPort} }
admin: { address: 127.0.0.1, port: ${adminPort} }
xds: { address: 127.0.0.1, port: 0 }
standalone: { envoyAdminPort: ${envoyAdminPort}, drainSeconds: 1 }
log: { level: info, format: json }
`,
  );
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ISOBAR_') && k !== 'ENVOY_BIN'));
  const child = spawn(process.execPath, [MAIN, 'standalone', '-c', config, '--envoy', findEnvoyBinary()], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (c: Buffer) => (log += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (log += c.toString('utf8')));
  const exited = once(child, 'exit');
  t.after(() => {
    child.kill('SIGKILL');
    for (const pid of envoyPids(log)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  });
  const tail = () => `\n--- isobar standalone output (tail) ---\n${log.slice(-3000)}`;

  const routed = async () => {
    assert.equal(child.exitCode, null, `standalone exited early${tail()}`);
    const res = await request({ port: httpPort, host: 'echo.test', path: '/hello?x=1', timeoutMs: 2000 });
    assert.equal(res.status, 200, `${res.status} ${res.body}${tail()}`);
    const reply = res.json<EchoReply>();
    assert.equal(reply.backend, 'echo-cli');
    assert.equal(reply.path, '/hello?x=1');
  };
  await eventually(routed, { timeoutMs: 30_000, intervalMs: 200 });

  const [envoyPid] = envoyPids(log);
  assert.ok(envoyPid && isAlive(envoyPid), `the supervisor logged a live Envoy pid${tail()}`);
  assert.match(readFileSync(`/proc/${envoyPid}/cmdline`, 'utf8'), /envoy-bootstrap\.json/, 'that pid is the Envoy standalone started');
  assert.equal((await request({ port: envoyAdminPort, path: '/ready' })).body.trim(), 'LIVE', 'Envoy admin is on standalone.envoyAdminPort');
  assert.ok(log.includes(`curl -H 'Host: echo.test' http://127.0.0.1:${httpPort}/`), `standalone announces a URL to try${tail()}`);

  // An Envoy that crashes is restarted (after ~1 s of backoff) and picks its config up again over xDS.
  process.kill(envoyPid, 'SIGKILL');
  await eventually(() => assert.equal(envoyPids(log).length, 2, `a new Envoy was started${tail()}`), { timeoutMs: 10_000 });
  const restartedPid = envoyPids(log)[1]!;
  assert.notEqual(restartedPid, envoyPid);
  await eventually(routed, { timeoutMs: 30_000, intervalMs: 200 });

  // SIGINT (Ctrl-C) to isobar alone: it must stop its Envoy, then itself, with exit code 0.
  child.kill('SIGINT');
  const [code] = (await Promise.race([exited, sleep(15_000, ['timed out'], { ref: false })])) as [number | string];
  assert.equal(code, 0, `standalone exit code after SIGINT${tail()}`);
  assert.equal(isAlive(restartedPid), false, 'the Envoy child is gone');
  assert.equal(existsSync(`/proc/${restartedPid}`), false);
  for (const port of [httpPort, envoyAdminPort, adminPort]) {
    await assert.rejects(request({ port, path: '/', timeoutMs: 1000 }), `nothing answers on ${port} any more`);
  }
  assert.match(log, /"msg":"stopped"/);
});

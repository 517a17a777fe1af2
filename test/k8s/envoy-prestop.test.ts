/**
 * The shipped pods' Envoy preStop hook, run as the kubelet runs it (`/bin/bash -c <script> <args>`),
 * against a real Envoy that isobar configures, with a real slow backend and a real WebSocket backend.
 * The script is taken from deploy/manifests as it is; only its arguments (the admin port, the least and
 * the most seconds) are the test's, since this Envoy's admin port is not the pod's 9901. No cluster is
 * needed: the hook talks to Envoy over 127.0.0.1, as it does inside the pod.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, it, type TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually } from '../e2e/harness/eventually.js';
import type { HttpResponse } from '../e2e/harness/http-client.js';
import { startStack, type IsobarStack } from '../e2e/harness/isobar-stack.js';
import { serviceYaml } from '../e2e/harness/k8s-yaml.js';
import { startScriptedBackend, type ScriptedBackend } from '../e2e/harness/scripted-backend.js';
import { dialWebsocket, startWebsocketBackend, type WebsocketSession } from '../e2e/harness/websocket-backend.js';
import { yamlObjects } from './harness/kube-objects.js';
import { repoPath } from './harness/kube-tools.js';
import { manifests } from './harness/shipped-manifests.js';
import { container, only } from './harness/pod-spec.js';

const HOST = 'drain.test';

interface PreStop {
  exec: { command: string[] };
}

function envoyPreStop(objects: ReturnType<typeof manifests>): string[] {
  const lifecycle = container(only(objects, 'Deployment'), 'envoy')['lifecycle'] as { preStop: PreStop };
  return lifecycle.preStop.exec.command;
}

const routes = `apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata: { name: drain, namespace: default }
spec:
  virtualhost: { fqdn: ${HOST} }
  routes:
  - match: /chat
    enableWebsockets: true
    services: [{ name: chat, port: 80 }]
  - match: /
    services: [{ name: slow, port: 80 }]
`;

interface Rig {
  stack: IsobarStack;
  slow: ScriptedBackend;
}

async function rig(t: TestContext): Promise<Rig> {
  const slow = await startScriptedBackend('slow');
  t.after(() => slow.close());
  const chat = await startWebsocketBackend('chat');
  t.after(() => chat.close());
  const stack = await startStack(t, {
    files: { 'routes.yaml': routes, 'slow.yaml': serviceYaml('default', 'slow', 80, slow.port), 'chat.yaml': serviceYaml('default', 'chat', 80, chat.port) },
    config: { plugins: ['source-file', 'sink-xds', 'websocket'] },
  });
  await eventually(async () => assert.equal((await stack.get('/warm-up', { host: HOST })).status, 200), { timeoutMs: 15_000, intervalMs: 100 });
  return { stack, slow };
}

/** Runs the manifests' preStop command with this Envoy's admin port; resolves with its exit code and duration. */
function runPreStop(adminPort: number, least: number, most: number): { done: Promise<{ code: number | null; ms: number; output: string }> } {
  const [bash, flag, script, name, shippedPort] = envoyPreStop(manifests());
  assert.deepEqual([bash, flag, name, shippedPort], ['/bin/bash', '-c', 'envoy-drain', '9901'], 'the shipped hook: bash -c <script> envoy-drain <admin port> <least> <most>');
  const started = Date.now();
  const child = spawn(bash!, [flag!, script!, name!, String(adminPort), String(least), String(most)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return { done: once(child, 'exit').then(([code]) => ({ code: code as number | null, ms: Date.now() - started, output })) };
}

async function openSession(stack: IsobarStack): Promise<WebsocketSession> {
  const dial = await dialWebsocket(stack.httpPort, HOST, '/chat/room');
  assert.ok('session' in dial, `the WebSocket upgrade was refused with ${'refused' in dial ? dial.refused : '?'}`);
  return dial.session;
}

describe('the shipped Envoy preStop hook drains a real Envoy', () => {
  it('fails readiness, closes new connections, lets the request in flight finish, waits for the WebSocket session, then exits 0', async (t) => {
    const { stack, slow } = await rig(t);
    const session = await openSession(stack);
    assert.equal(await session.exchange('before'), 'chat:before');
    const inFlight: Promise<HttpResponse | Error> = stack.get('/slow?delay=3000', { host: HOST, timeoutMs: 10_000 }).catch((e: Error) => e);
    await eventually(() => assert.equal(slow.hits('/slow?delay=3000'), 1), { timeoutMs: 5000, intervalMs: 20 });

    const hook = runPreStop(stack.envoy.adminPort, 1, 15);
    await eventually(async () => assert.equal((await stack.envoy.admin('/ready')).status, 503, 'Envoy fails readiness'), { timeoutMs: 3000, intervalMs: 50 });
    const fresh = await stack.get('/fresh', { host: HOST });
    assert.equal(fresh.status, 200, 'a new connection is still served while draining');
    assert.equal(fresh.headers['connection'], 'close', 'and told to close');

    const slowDone = await inFlight;
    assert.ok(!(slowDone instanceof Error), `the request in flight failed: ${String(slowDone)}`);
    assert.equal(slowDone.status, 200, 'the request in flight completes');

    // The request is done and the least wait is over, but the WebSocket session is open: the hook waits.
    await sleep(1500);
    assert.equal(await session.exchange('during'), 'chat:during', 'the WebSocket session still works during the drain');
    const raced = await Promise.race([hook.done, sleep(0).then(() => 'running')]);
    assert.equal(raced, 'running', 'the hook waits while a WebSocket session is open');

    const closedAt = Date.now();
    await session.close();
    const { code, ms, output } = await hook.done;
    assert.equal(code, 0, `the hook exits 0: ${output}`);
    const afterClose = Date.now() - closedAt;
    assert.ok(afterClose < 2500, `the hook ends within a poll or two of the last connection closing (${afterClose} ms)`);
    assert.ok(ms < 15_000, `and before its most (${ms} ms)`);
    t.diagnostic(`hook ended ${afterClose} ms after the WebSocket session closed, ${ms} ms after it started`);
  });

  it('stops at its most seconds while a session stays open, and after its least seconds when idle', async (t) => {
    const { stack } = await rig(t);
    const session = await openSession(stack);
    const bounded = await runPreStop(stack.envoy.adminPort, 1, 3).done;
    assert.equal(bounded.code, 0, bounded.output);
    assert.ok(bounded.ms >= 3000 && bounded.ms < 5000, `a session held open: the hook stops at its most, 3 s (${bounded.ms} ms)`);
    assert.equal(await session.exchange('still'), 'chat:still', 'the hook never cuts a session itself: SIGTERM does');
    await session.close();

    const idle = await runPreStop(stack.envoy.adminPort, 2, 10).done;
    assert.equal(idle.code, 0, idle.output);
    assert.ok(idle.ms >= 2000 && idle.ms < 4500, `idle: the hook stops after its least, 2 s (${idle.ms} ms)`);
    t.diagnostic(`held open: ${bounded.ms} ms (most 3 s); idle: ${idle.ms} ms (least 2 s)`);
  });

  it('is the same script, with the same arguments, in the chart’s files and every shipped Envoy container', () => {
    const script = readFileSync(repoPath('deploy/helm/isobar/files/envoy-drain.sh'), 'utf8');
    const shipped = envoyPreStop(manifests());
    assert.equal(shipped[2], script, 'deploy/manifests carries files/envoy-drain.sh verbatim');
    for (const tenant of ['tenant-a.yaml', 'tenant-b.yaml']) {
      const objects = yamlObjects(readFileSync(repoPath(`deploy/tenant/${tenant}`), 'utf8'));
      assert.deepEqual(envoyPreStop(objects), shipped, `deploy/tenant/${tenant}`);
    }
  });
});


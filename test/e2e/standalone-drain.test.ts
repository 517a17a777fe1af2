/**
 * The graceful drain of `isobar standalone` (the compiled CLI, a real Envoy, a real slow backend): on
 * SIGTERM a request in flight completes, new connections are told to close, isobar keeps serving xDS,
 * and both processes exit 0 as soon as no connection is left; a second signal ends both at once.
 * Envoy runs in its own process group, and its log lines keep their level.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { eventually } from './harness/eventually.js';
import { request, type HttpResponse } from './harness/http-client.js';
import { startScriptedBackend, type ScriptedReply } from './harness/scripted-backend.js';
import { isAlive, processGroupOf, startStandalone, type ExtraObjects, type StandaloneProcess } from './harness/standalone-process.js';
import { dialWebsocket, startWebsocketBackend } from './harness/websocket-backend.js';
import { serviceYaml } from './harness/k8s-yaml.js';

const PINO_WARN = 40;

async function routedStandalone(t: { after(fn: () => unknown): void }, standalone: string, extra: ExtraObjects = {}): Promise<{ run: StandaloneProcess; envoyPid: number; backend: Awaited<ReturnType<typeof startScriptedBackend>> }> {
  const backend = await startScriptedBackend('slow');
  t.after(() => backend.close());
  const run = await startStandalone(backend.port, standalone, [], extra);
  t.after(() => run.cleanup());
  await eventually(
    async () => {
      assert.equal(run.child.exitCode, null, `standalone exited early${run.tail()}`);
      const res = await request({ port: run.httpPort, host: 'echo.test', path: '/warm-up', timeoutMs: 2000 });
      assert.equal(res.status, 200, `${res.status} ${res.body}${run.tail()}`);
    },
    { timeoutMs: 30_000, intervalMs: 200 },
  );
  const envoyPid = run.envoyPids()[0]!;
  return { run, envoyPid, backend };
}

/** A request on a fresh connection, settled either way: a refused connection is an answer too. */
function attempt(port: number, path: string, timeoutMs = 10_000): Promise<HttpResponse | Error> {
  return request({ port, host: 'echo.test', path, timeoutMs }).catch((err: Error) => err);
}

describe('standalone drains Envoy on SIGTERM', () => {
  it('completes the request in flight, closes new connections, keeps xDS up, and exits 0 once idle', async (t) => {
    const drainSeconds = 6;
    const { run, envoyPid, backend } = await routedStandalone(t, `drainSeconds: ${drainSeconds}`);

    // Envoy has a process group of its own, so a terminal's Ctrl-C (sent to isobar's group) misses it.
    assert.equal(processGroupOf(envoyPid), envoyPid, 'Envoy leads its own process group');
    assert.notEqual(processGroupOf(envoyPid), processGroupOf(run.child.pid!), "Envoy's process group is not isobar's");

    const slowPath = '/slow?delay=3000';
    const inFlight = attempt(run.httpPort, slowPath);
    await eventually(() => assert.equal(backend.hits(slowPath), 1, 'the slow request reached the backend'), { timeoutMs: 5000, intervalMs: 20 });

    const signalledAt = Date.now();
    run.child.kill('SIGTERM');
    // The same signal forwarded by a wrapper a moment later is the same request, not "stop now".
    await sleep(20);
    run.child.kill('SIGTERM');

    await eventually(async () => assert.equal((await request({ port: run.envoyAdminPort, path: '/ready', timeoutMs: 1000 })).status, 503, `Envoy fails readiness while draining${run.tail()}`), {
      timeoutMs: 2000,
      intervalMs: 50,
    });
    const fresh = await attempt(run.httpPort, '/during-drain', 5000);
    if (fresh instanceof Error) assert.match(fresh.message, /ECONNREFUSED|ECONNRESET/, 'a new connection during the drain is refused');
    else {
      assert.equal(fresh.status, 200, `a new connection during the drain is still served: ${fresh.body}`);
      assert.equal(fresh.headers.connection, 'close', 'and told to close');
    }
    const stats = await request({ port: run.envoyAdminPort, path: '/stats?filter=control_plane.connected_state', timeoutMs: 1000 });
    assert.match(stats.body, /control_plane\.connected_state: 1/, `Envoy is still connected to isobar's xDS during the drain: ${stats.body}`);
    assert.ok(isAlive(envoyPid), 'Envoy still runs while the slow request is in flight');

    const slow = await inFlight;
    assert.ok(!(slow instanceof Error), `the request in flight at SIGTERM completed: ${String(slow)}${run.tail()}`);
    assert.equal(slow.status, 200);
    assert.equal(slow.json<ScriptedReply>().url, slowPath);
    assert.equal(slow.headers.connection, 'close', 'its connection is closed after the response');

    const exit = await Promise.race([run.exited, sleep((drainSeconds + 4) * 1000, undefined, { ref: false })]);
    assert.ok(exit, `standalone exited${run.tail()}`);
    const tookMs = exit.at - signalledAt;
    assert.equal(exit.code, 0, `exit code${run.tail()}`);
    assert.ok(tookMs < (drainSeconds + 2) * 1000, `exited within drain time + 2 s (took ${tookMs} ms)`);
    // Nobody was connected once the slow response was out: no reason to sit out the rest of the drain.
    assert.ok(tookMs < drainSeconds * 1000, `finished early once idle (took ${tookMs} ms)${run.tail()}`);
    t.diagnostic(`exit ${tookMs} ms after SIGTERM; the new connection during the drain: ${fresh instanceof Error ? fresh.message : `${fresh.status}, connection: ${fresh.headers.connection}`}`);
    assert.equal(run.records('envoy drained: no downstream connections left').length, 1, run.tail());
    assert.equal(isAlive(envoyPid), false, 'Envoy is gone');
    const envoyExit = run.records('envoy stopped');
    assert.equal(envoyExit.length, 1, run.tail());
    assert.equal(envoyExit[0]!.code, 0, 'Envoy exited 0');
    assert.equal(run.records('shutting down').length, 1, 'the forwarded repeat of SIGTERM started nothing new');

    // Envoy logs "caught ENVOY_SIGTERM" at warning level when it is stopped: it arrives as a warn record.
    const caught = run.records('caught ENVOY_SIGTERM');
    assert.equal(caught.length, 1, `Envoy's warning was relayed${run.tail()}`);
    assert.equal(caught[0]!.level, PINO_WARN);
    assert.equal(caught[0]!.envoyComponent, 'main');
    assert.equal(caught[0]!.component, 'envoy');
  });

  it('a WebSocket session gets the drain time: it keeps working after SIGTERM, and standalone exits 0 once it closes', async (t) => {
    const drainSeconds = 10;
    const chat = await startWebsocketBackend('chat');
    t.after(() => chat.close());
    const route = `apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata: { name: chat, namespace: default }
spec:
  virtualhost: { fqdn: chat.test }
  routes: [{ match: /, enableWebsockets: true, services: [{ name: chat, port: 80 }] }]
`;
    const { run, envoyPid } = await routedStandalone(t, `drainSeconds: ${drainSeconds}`, {
      files: { 'chat.yaml': route + '---\n' + serviceYaml('default', 'chat', 80, chat.port) },
      plugins: ['websocket'],
    });
    const dial = await eventually(async () => {
      const d = await dialWebsocket(run.httpPort, 'chat.test', '/room');
      assert.ok('session' in d, `upgrade refused: ${'refused' in d ? d.refused : ''}${run.tail()}`);
      return d.session;
    }, { timeoutMs: 10_000, intervalMs: 200 });
    assert.equal(await dial.exchange('hello'), 'chat:hello');

    const signalledAt = Date.now();
    run.child.kill('SIGTERM');
    await sleep(2500);
    assert.equal(await dial.exchange('still there'), 'chat:still there', 'the session works during the drain');
    assert.equal(run.child.exitCode, null, 'standalone waits for the open session');
    assert.ok(isAlive(envoyPid), 'and so does Envoy');

    const closedAt = Date.now();
    await dial.close();
    const exit = await Promise.race([run.exited, sleep((drainSeconds + 4) * 1000, undefined, { ref: false })]);
    assert.ok(exit, `standalone exited${run.tail()}`);
    assert.equal(exit.code, 0, `exit code${run.tail()}`);
    assert.ok(exit.at - closedAt < 2000, `exited soon after the session closed (${exit.at - closedAt} ms)`);
    assert.ok(exit.at - signalledAt < drainSeconds * 1000, `before the drain time was up (${exit.at - signalledAt} ms)`);
    t.diagnostic(`exit ${exit.at - closedAt} ms after the WebSocket session closed, ${exit.at - signalledAt} ms after SIGTERM`);
  });

  it('Envoy dying during the drain is reported as that, and standalone still exits', async (t) => {
    const { run, envoyPid, backend } = await routedStandalone(t, 'drainSeconds: 30');
    const slowPath = '/slow?delay=20000';
    const inFlight = attempt(run.httpPort, slowPath, 30_000);
    await eventually(() => assert.equal(backend.hits(slowPath), 1), { timeoutMs: 5000, intervalMs: 20 });
    run.child.kill('SIGTERM');
    await eventually(() => assert.equal(run.records('envoy draining: failing readiness, closing connections as their requests end').length, 1, run.tail()), { timeoutMs: 3000, intervalMs: 50 });
    const killedAt = Date.now();
    process.kill(envoyPid, 'SIGKILL');
    const exit = await Promise.race([run.exited, sleep(5000, undefined, { ref: false })]);
    assert.ok(exit, `standalone exited after Envoy died${run.tail()}`);
    assert.ok(exit.at - killedAt < 3000, `promptly (${exit.at - killedAt} ms)`);
    assert.equal(exit.code, 0, 'the stop that was asked for is done: Envoy is gone either way (its death is logged)');
    assert.equal(run.records('envoy exited during the drain').length, 1, run.tail());
    assert.equal(run.records('envoy admin unreachable during the drain; stopping envoy without it').length, 0, 'not blamed on the admin interface');
    assert.ok((await inFlight) instanceof Error, 'the request in flight died with Envoy');
    t.diagnostic(`exit code ${exit.code}, ${exit.at - killedAt} ms after Envoy was killed`);
  });

  it('a second signal during the drain kills Envoy and exits at once, non-zero', async (t) => {
    const drainSeconds = 30;
    const { run, envoyPid, backend } = await routedStandalone(t, `drainSeconds: ${drainSeconds}`);
    const slowPath = '/slow?delay=25000';
    const inFlight = attempt(run.httpPort, slowPath, 30_000);
    await eventually(() => assert.equal(backend.hits(slowPath), 1, 'the slow request reached the backend'), { timeoutMs: 5000, intervalMs: 20 });

    run.child.kill('SIGINT');
    await eventually(async () => assert.equal((await request({ port: run.envoyAdminPort, path: '/ready', timeoutMs: 1000 })).status, 503), { timeoutMs: 2000, intervalMs: 50 });
    await sleep(1000);
    assert.equal(run.child.exitCode, null, 'standalone is still draining: the request in flight holds it');
    assert.ok(isAlive(envoyPid));

    const againAt = Date.now();
    run.child.kill('SIGINT');
    const exit = await Promise.race([run.exited, sleep(5000, undefined, { ref: false })]);
    assert.ok(exit, `standalone exited after the second SIGINT${run.tail()}`);
    assert.equal(exit.code, 130, 'exit code 128 + SIGINT');
    assert.ok(exit.at - againAt < 2000, `promptly (${exit.at - againAt} ms)`);
    t.diagnostic(`exit ${exit.at - againAt} ms after the second SIGINT`);
    await eventually(() => assert.equal(isAlive(envoyPid), false, 'Envoy is gone too'), { timeoutMs: 2000, intervalMs: 20 });
    assert.ok((await inFlight) instanceof Error, 'the request in flight was cut off, as asked');
  });
});

/**
 * `isobar standalone` as a user runs it (the compiled CLI in a child process): it starts a real Envoy,
 * routes a request from a YAML directory to a real backend, restarts Envoy when it dies, and on SIGINT
 * stops Envoy and itself. The drain itself is tested in standalone-drain.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEchoBackend, type EchoReply } from './harness/echo-backend.js';
import { eventually } from './harness/eventually.js';
import { request } from './harness/http-client.js';
import { isAlive, startStandalone } from './harness/standalone-process.js';

test('standalone routes through its supervised Envoy, restarts it when it dies, and SIGINT stops both', async (t) => {
  const backend = await startEchoBackend('echo-cli');
  t.after(() => backend.close());
  const run = await startStandalone(backend.port, 'drainSeconds: 1');
  t.after(() => run.cleanup());
  const { httpPort, envoyAdminPort, adminPort } = run;

  const routed = async () => {
    assert.equal(run.child.exitCode, null, `standalone exited early${run.tail()}`);
    const res = await request({ port: httpPort, host: 'echo.test', path: '/hello?x=1', timeoutMs: 2000 });
    assert.equal(res.status, 200, `${res.status} ${res.body}${run.tail()}`);
    const reply = res.json<EchoReply>();
    assert.equal(reply.backend, 'echo-cli');
    assert.equal(reply.path, '/hello?x=1');
  };
  await eventually(routed, { timeoutMs: 30_000, intervalMs: 200 });

  const [envoyPid] = run.envoyPids();
  assert.ok(envoyPid && isAlive(envoyPid), `the supervisor logged a live Envoy pid${run.tail()}`);
  assert.match(readFileSync(`/proc/${envoyPid}/cmdline`, 'utf8'), /envoy-bootstrap\.json/, 'that pid is the Envoy standalone started');
  assert.equal((await request({ port: envoyAdminPort, path: '/ready' })).body.trim(), 'LIVE', 'Envoy admin is on standalone.envoyAdminPort');
  assert.ok(run.log().includes(`curl -H 'Host: echo.test' http://127.0.0.1:${httpPort}/`), `standalone announces a URL to try${run.tail()}`);

  // An Envoy that crashes is restarted (after ~1 s of backoff) and picks its config up again over xDS.
  process.kill(envoyPid, 'SIGKILL');
  await eventually(() => assert.equal(run.envoyPids().length, 2, `a new Envoy was started${run.tail()}`), { timeoutMs: 10_000 });
  const restartedPid = run.envoyPids()[1]!;
  assert.notEqual(restartedPid, envoyPid);
  await eventually(routed, { timeoutMs: 30_000, intervalMs: 200 });

  // SIGINT (Ctrl-C) to isobar alone: it must stop its Envoy, then itself, with exit code 0.
  run.child.kill('SIGINT');
  const exit = await Promise.race([run.exited, sleep(15_000, undefined, { ref: false })]);
  assert.equal(exit?.code, 0, `standalone exit code after SIGINT${run.tail()}`);
  assert.equal(isAlive(restartedPid), false, 'the Envoy child is gone');
  assert.equal(existsSync(`/proc/${restartedPid}`), false);
  for (const port of [httpPort, envoyAdminPort, adminPort]) {
    await assert.rejects(request({ port, path: '/', timeoutMs: 1000 }), `nothing answers on ${port} any more`);
  }
  assert.match(run.log(), /"msg":"stopped"/);
});

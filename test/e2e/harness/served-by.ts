import assert from 'node:assert/strict';
import { startEchoBackend, type EchoBackend, type EchoReply } from './echo-backend.js';
import type { CleanupScope } from './envoy-process.js';
import type { IsobarStack } from './isobar-stack.js';

/** Which echo backend answered `host` + `path` through the stack's Envoy; fails on anything but a 200. */
export async function servedBy(stack: IsobarStack, host: string, path: string): Promise<string> {
  const r = await stack.get(path, { host });
  assert.equal(r.status, 200, `${host}${path}: ${r.status} ${r.body}`);
  return r.json<EchoReply>().backend;
}

/** Echo backends named `names`, closed when the test ends. */
export async function echoBackends(t: CleanupScope, ...names: string[]): Promise<EchoBackend[]> {
  const started = await Promise.all(names.map((n) => startEchoBackend(n)));
  t.after(() => Promise.all(started.map((b) => b.close())));
  return started;
}

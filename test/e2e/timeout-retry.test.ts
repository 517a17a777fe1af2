/** IngressRoute `timeoutPolicy` and `retryPolicy` through a real Envoy, against a backend scripted to be slow or failing. */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { eventually } from './harness/eventually.js';
import { startStack, type IsobarStack } from './harness/isobar-stack.js';
import { serviceYaml } from './harness/k8s-yaml.js';
import { startScriptedBackend, type ScriptedBackend } from './harness/scripted-backend.js';

const HOST = 'policies.example.com';

const ingressRoute = `apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata: { name: policies, namespace: default }
spec:
  virtualhost: { fqdn: ${HOST} }
  routes:
  - match: /slow
    timeoutPolicy: { request: 1s }
    services: [{ name: app, port: 80 }]
  - match: /unbounded
    timeoutPolicy: { request: infinity }
    services: [{ name: app, port: 80 }]
  - match: /retry
    retryPolicy: { count: 3 }
    services: [{ name: app, port: 80 }]
  - match: /once
    retryPolicy: {}
    services: [{ name: app, port: 80 }]
  - match: /pertry
    retryPolicy: { count: 1, perTryTimeout: 500ms }
    services: [{ name: app, port: 80 }]
  - match: /bad
    timeoutPolicy: { request: soon }
    services: [{ name: app, port: 80 }]
  - match: /
    services: [{ name: app, port: 80 }]
`;

async function stackWith(t: TestContext, plugins: string[]): Promise<{ stack: IsobarStack; backend: ScriptedBackend }> {
  const backend = await startScriptedBackend('app');
  t.after(() => backend.close());
  const stack = await startStack(t, {
    files: { 'policies.yaml': ingressRoute, 'svc.yaml': serviceYaml('default', 'app', 80, backend.port) },
    config: { plugins },
  });
  await eventually(async () => assert.equal((await stack.get('/ready', { host: HOST })).status, 200));
  return { stack, backend };
}

/** One GET: its status and how long it took. */
async function timed(stack: IsobarStack, path: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const r = await stack.get(path, { host: HOST, timeoutMs: 20_000 });
  return { status: r.status, ms: performance.now() - started };
}

describe('timeout-retry', () => {
  it('times a slow backend out with 504 after the route timeout; infinity waits', async (t) => {
    const { stack } = await stackWith(t, ['source-file', 'sink-xds', 'timeout-retry']);
    const slow = await timed(stack, '/slow/a?delay=4000');
    assert.equal(slow.status, 504);
    assert.ok(slow.ms >= 900 && slow.ms < 2500, `504 after ${slow.ms} ms, expected about 1000`);

    const fast = await timed(stack, '/slow/b?delay=200');
    assert.equal(fast.status, 200, 'a backend within the timeout answers');

    const unbounded = await timed(stack, '/unbounded/a?delay=1500');
    assert.equal(unbounded.status, 200, 'infinity: no timeout at 1s (the other route’s), the answer arrives');
    const dump = JSON.stringify(await stack.envoy.configDumpSection('v3.RoutesConfigDump'));
    assert.match(dump, /"prefix":"\/unbounded"\},"route":\{[^}]*"timeout":"0s"/, 'infinity disables Envoy’s default timeout');

    const status = await stack.status();
    const obj = status.objects.find((o) => o.ref.name === 'policies');
    const bad = obj?.conditions.find((c) => c.reason === 'FieldInvalid');
    assert.equal(bad?.field, 'spec.routes[5].timeoutPolicy.request', JSON.stringify(obj));
    assert.equal((await timed(stack, '/bad/a')).status, 200, 'a route with an invalid timeout is still served');
  });

  it('retries failing requests up to count, and not at all without a retryPolicy', async (t) => {
    const { stack, backend } = await stackWith(t, ['source-file', 'sink-xds', 'timeout-retry']);
    const cases: Array<[url: string, status: number, hits: number]> = [
      ['/retry/a?fail=2', 200, 3],
      ['/retry/b?fail=3', 200, 4],
      ['/retry/c?fail=5', 503, 4],
      ['/once/a?fail=1', 200, 2],
      ['/once/b?fail=2', 503, 2],
      ['/plain/a?fail=1', 503, 1],
    ];
    for (const [url, status, hits] of cases) {
      assert.equal((await timed(stack, url)).status, status, url);
      assert.equal(backend.hits(url), hits, `${url}: requests the backend saw`);
    }
  });

  it('retries an attempt that exceeds perTryTimeout', async (t) => {
    const { stack, backend } = await stackWith(t, ['source-file', 'sink-xds', 'timeout-retry']);
    const url = '/pertry/a?delay=5000&delayCount=1';
    const r = await timed(stack, url);
    assert.equal(r.status, 200);
    assert.equal(backend.hits(url), 2);
    assert.ok(r.ms >= 450 && r.ms < 2500, `answered after ${r.ms} ms, expected about 500`);
  });

  it('without the plugin: FeatureDisabled warnings, the routes served without timeouts or retries', async (t) => {
    const { stack, backend } = await stackWith(t, ['source-file', 'sink-xds']);
    const status = await stack.status();
    const obj = status.objects.find((o) => o.ref.name === 'policies');
    const fields = obj?.conditions.filter((c) => c.reason === 'FeatureDisabled').map((c) => c.field);
    assert.deepEqual(fields?.sort(), [
      'spec.routes[0].timeoutPolicy',
      'spec.routes[1].timeoutPolicy',
      'spec.routes[2].retryPolicy',
      'spec.routes[3].retryPolicy',
      'spec.routes[4].retryPolicy',
      'spec.routes[5].timeoutPolicy',
    ]);
    assert.equal((await timed(stack, '/retry/a?fail=1')).status, 503);
    assert.equal(backend.hits('/retry/a?fail=1'), 1);
    assert.equal((await timed(stack, '/slow/a?delay=1500')).status, 200);
  });
});

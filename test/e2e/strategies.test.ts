/**
 * Load-balancing strategies through a real Envoy, over one service with two endpoints: Cookie gives
 * session affinity with a cookie Envoy sets itself; RoundRobin alternates; Random and
 * WeightedLeastRequest are the policies Envoy runs, and serve.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cpus } from 'node:os';
import { startEchoBackend } from './harness/echo-backend.js';
import { eventually } from './harness/eventually.js';
import { startStack, type IsobarStack } from './harness/isobar-stack.js';
import { poolServiceYaml } from './harness/pool-yaml.js';
import { backendOf, sequenceOnOneConnection, tally } from './harness/traffic.js';

const HOST = 'lb.example.com';
const COOKIE = 'X-Isobar-Session-Affinity';
const STRATEGIES = { '/cookie': 'Cookie', '/rr': 'RoundRobin', '/random': 'Random', '/wlr': 'WeightedLeastRequest' };

const ingressRoute = `apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata: { name: lb, namespace: shop }
spec:
  virtualhost: { fqdn: ${HOST} }
  routes:
${Object.entries(STRATEGIES)
  .map(([path, strategy]) => `  - match: ${path}\n    services: [{ name: pool, port: 80, strategy: ${strategy} }]`)
  .join('\n')}
`;

/** The lb_policy of the cluster Envoy routes `path` to, from its config dump (absent means ROUND_ROBIN). */
async function lbPolicyFor(stack: IsobarStack, path: string): Promise<string> {
  type Routes = { dynamic_route_configs?: Array<{ route_config: { virtual_hosts?: Array<{ domains: string[]; routes: Array<{ match: { prefix?: string }; route?: { cluster?: string } }> }> } }> };
  type Clusters = { dynamic_active_clusters?: Array<{ cluster: { name: string; lb_policy?: string } }> };
  const routes = await stack.envoy.configDumpSection<Routes>('v3.RoutesConfigDump');
  const vh = routes?.dynamic_route_configs?.flatMap((r) => r.route_config.virtual_hosts ?? []).find((v) => v.domains[0] === HOST);
  const cluster = vh?.routes.find((r) => r.match.prefix === path)?.route?.cluster;
  assert.ok(cluster, `Envoy has a route ${path} to a cluster`);
  const clusters = await stack.envoy.configDumpSection<Clusters>('v3.ClustersConfigDump');
  const c = clusters?.dynamic_active_clusters?.find((x) => x.cluster.name === cluster);
  assert.ok(c, `Envoy has cluster ${cluster} active`);
  return c.cluster.lb_policy ?? 'ROUND_ROBIN';
}

describe('load-balancing strategies', () => {
  it('Cookie, RoundRobin, Random and WeightedLeastRequest over two endpoints of one service', async (t) => {
    const a = await startEchoBackend('a');
    const b = await startEchoBackend('b');
    t.after(() => Promise.all([a.close(), b.close()]));
    const stack = await startStack(t, {
      files: { 'svc.yaml': poolServiceYaml('shop', 'pool', 80, [a.port, b.port]), 'lb.yaml': ingressRoute },
      config: { plugins: ['source-file', 'sink-xds', 'load-balancing'] },
    });
    await eventually(async () => {
      for (const path of Object.keys(STRATEGIES)) assert.equal((await stack.get(path, { host: HOST })).status, 200, path);
    });

    await t.test('Envoy runs the policy each strategy names, and accepted every cluster', async () => {
      const policies = await Promise.all(Object.keys(STRATEGIES).map((p) => lbPolicyFor(stack, p)));
      assert.deepEqual(policies, ['RING_HASH', 'ROUND_ROBIN', 'RANDOM', 'LEAST_REQUEST']);
      assert.equal((await stack.status()).sinks['sink-xds']?.nacksTotal ?? 0, 0, 'no NACK');
    });

    await t.test('Cookie: Envoy sets the affinity cookie, and requests that carry it stick to one backend', async () => {
      const stuckTo = new Set<string>();
      // Cookies until both backends have been picked (about two tries each), each then used 25 times.
      for (let i = 0; i < 40 && stuckTo.size < 2; i++) {
        const first = await stack.get('/cookie', { host: HOST });
        assert.equal(first.status, 200);
        const setCookie = (first.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${COOKIE}=`));
        assert.ok(setCookie, `affinity cookie set: ${JSON.stringify(first.headers['set-cookie'])}`);
        assert.match(setCookie, /; Path=\//i);
        const cookie = setCookie.split(';')[0]!;
        const backend = backendOf(first)!;
        const { byBackend, failures } = await tally(25, () => stack.get('/cookie', { host: HOST, headers: { cookie } }), 5);
        assert.deepEqual(failures, []);
        assert.deepEqual(byBackend, { [backend]: 25 }, `${cookie} sticks to ${backend}`);
        stuckTo.add(backend);
      }
      assert.deepEqual([...stuckTo].sort(), ['a', 'b'], 'different cookies stick to different backends');
    });

    await t.test('Cookie: without the cookie, both backends get traffic', async () => {
      const { byBackend, failures } = await tally(60, () => stack.get('/cookie', { host: HOST }));
      assert.deepEqual(failures, []);
      assert.ok((byBackend.a ?? 0) > 0 && (byBackend.b ?? 0) > 0, JSON.stringify(byBackend));
    });

    await t.test('RoundRobin: one load balancer strictly alternates, and fresh connections split evenly', async () => {
      const order = await sequenceOnOneConnection(stack.httpPort, HOST, '/rr', 40);
      for (let i = 1; i < order.length; i++) assert.notEqual(order[i], order[i - 1], `request ${i} went to ${order[i]} again: ${order.join(' ')}`);
      // Every Envoy worker (one per hardware thread) alternates on its own: across connections the
      // counts differ by at most one per worker.
      const { byBackend, failures } = await tally(100, () => stack.get('/rr', { host: HOST }));
      assert.deepEqual(failures, []);
      assert.ok(Math.abs((byBackend.a ?? 0) - (byBackend.b ?? 0)) <= Math.max(2, cpus().length), JSON.stringify(byBackend));
    });

    await t.test('Random: serves both backends, and does not alternate', async () => {
      const order = await sequenceOnOneConnection(stack.httpPort, HOST, '/random', 40);
      const alternating = order.every((x, i) => i === 0 || x !== order[i - 1]);
      assert.ok(!alternating, `40 random picks alternated perfectly (chance 2^-39): ${order.join(' ')}`);
      assert.ok(order.includes('a') && order.includes('b'), order.join(' '));
    });

    await t.test('WeightedLeastRequest: serves both backends', async () => {
      const { byBackend, failures } = await tally(100, () => stack.get('/wlr', { host: HOST }));
      assert.deepEqual(failures, []);
      assert.ok((byBackend.a ?? 0) > 0 && (byBackend.b ?? 0) > 0, JSON.stringify(byBackend));
    });
  });
});

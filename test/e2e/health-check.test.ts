/**
 * HTTP active health checks through a real Envoy: of two endpoints of one service, the one whose health
 * path answers 503 stops receiving traffic, and receives it again once the health path recovers. The
 * backends answer real traffic with 200 throughout, so only the health check can keep traffic away.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventually } from './harness/eventually.js';
import { startHealthBackend } from './harness/health-backend.js';
import { startStack } from './harness/isobar-stack.js';
import { poolServiceYaml } from './harness/pool-yaml.js';
import { tally } from './harness/traffic.js';

const HOST = 'hc.example.com';

const ingressRoute = `apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata: { name: hc, namespace: shop }
spec:
  virtualhost: { fqdn: ${HOST} }
  routes:
  - match: /
    services:
    - name: pool
      port: 80
      healthCheck: { path: /healthz, intervalSeconds: 1, timeoutSeconds: 1, unhealthyThresholdCount: 1, healthyThresholdCount: 1 }
`;

describe('health checks', () => {
  it('takes the endpoint whose health path answers 503 out of the rotation, and back in when it recovers', async (t) => {
    const good = await startHealthBackend('good', '/healthz');
    const bad = await startHealthBackend('bad', '/healthz');
    t.after(() => Promise.all([good.close(), bad.close()]));
    bad.setHealth(503);
    const stack = await startStack(t, {
      files: { 'svc.yaml': poolServiceYaml('shop', 'pool', 80, [good.port, bad.port]), 'hc.yaml': ingressRoute },
      config: { plugins: ['source-file', 'sink-xds', 'health-check'] },
    });
    const send = () => stack.get('/', { host: HOST });

    // Until Envoy has checked both, it may still send traffic to both (no host known healthy yet).
    await eventually(async () => assert.deepEqual(await tally(50, send), { byBackend: { good: 50 }, failures: [] }), { timeoutMs: 30_000, intervalMs: 500 });
    assert.deepEqual(await tally(400, send), { byBackend: { good: 400 }, failures: [] }, 'all traffic on the healthy endpoint');
    for (const b of [good, bad]) {
      assert.ok(b.checks.length > 0, `${b.name} was checked`);
      assert.deepEqual(b.checks[0], { path: '/healthz', host: 'contour-envoy-healthcheck' });
    }

    bad.setHealth(200);
    await eventually(
      async () => {
        const { byBackend, failures } = await tally(100, send);
        assert.deepEqual(failures, []);
        assert.ok((byBackend.bad ?? 0) >= 20 && (byBackend.good ?? 0) >= 20, `both serve again: ${JSON.stringify(byBackend)}`);
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
  });
});

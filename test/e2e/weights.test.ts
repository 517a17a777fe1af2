/**
 * Weighted services through a real Envoy: a canary split holds its proportion, and a blue-green switch
 * made by editing one file moves all traffic without a single failed request.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startEchoBackend } from './harness/echo-backend.js';
import { eventually } from './harness/eventually.js';
import { startStack } from './harness/isobar-stack.js';
import { serviceYaml } from './harness/k8s-yaml.js';
import { backendOf, tally } from './harness/traffic.js';

const PLUGINS = ['source-file', 'sink-xds', 'load-balancing'];

const weighted = (host: string, a: [string, number], b: [string, number]) => `apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata: { name: app, namespace: shop }
spec:
  virtualhost: { fqdn: ${host} }
  routes:
  - match: /
    services:
    - { name: ${a[0]}, port: 80, weight: ${a[1]} }
    - { name: ${b[0]}, port: 80, weight: ${b[1]} }
`;

async function twoBackends(t: { after(fn: () => unknown): void }, a: string, b: string) {
  const ea = await startEchoBackend(a);
  const eb = await startEchoBackend(b);
  t.after(() => Promise.all([ea.close(), eb.close()]));
  return serviceYaml('shop', a, 80, ea.port) + '---\n' + serviceYaml('shop', b, 80, eb.port);
}

describe('weighted services', () => {
  it('canary 90/10 holds its proportion over 800 requests', async (t) => {
    const host = 'canary.example.com';
    const stack = await startStack(t, {
      files: { 'svc.yaml': await twoBackends(t, 'stable', 'canary'), 'app.yaml': weighted(host, ['stable', 90], ['canary', 10]) },
      config: { plugins: PLUGINS },
    });
    await eventually(async () => assert.equal((await stack.get('/', { host })).status, 200));

    const n = 800;
    const { byBackend, failures } = await tally(n, () => stack.get('/', { host }));
    assert.deepEqual(failures, []);
    const canary = (byBackend.canary ?? 0) / n;
    // Binomial(800, 0.1) has a standard deviation of about 1.06 %: 10 ± 4 % is nearly 4 of them, and an
    // ignored weight (an even split) would be 50 %.
    assert.ok(canary >= 0.06 && canary <= 0.14, `canary got ${(canary * 100).toFixed(1)} % (${JSON.stringify(byBackend)})`);
    assert.equal((byBackend.stable ?? 0) + (byBackend.canary ?? 0), n);
  });

  it('blue-green: 100/0 sends nothing to green; editing the file to 0/100 moves everything, and no request fails', async (t) => {
    const host = 'bg.example.com';
    const stack = await startStack(t, {
      files: { 'svc.yaml': await twoBackends(t, 'blue', 'green'), 'app.yaml': weighted(host, ['blue', 100], ['green', 0]) },
      config: { plugins: PLUGINS },
    });
    await eventually(async () => assert.equal((await stack.get('/', { host })).status, 200));
    const before = await tally(200, () => stack.get('/', { host }));
    assert.deepEqual(before, { byBackend: { blue: 200 }, failures: [] });

    // Four clients keep sending while the file changes, until green has answered the last 100 in a row.
    const seen: string[] = [];
    const failures: string[] = [];
    let greenStreak = 0;
    let stop = false;
    const client = async () => {
      while (!stop) {
        try {
          const r = await stack.get('/', { host });
          const b = backendOf(r);
          if (r.status !== 200 || !b) failures.push(`status ${r.status}: ${r.body.slice(0, 200)}`);
          else seen.push(b);
          greenStreak = b === 'green' ? greenStreak + 1 : 0;
        } catch (err) {
          failures.push((err as Error).message);
        }
      }
    };
    const clients = Array.from({ length: 4 }, client);
    try {
      await eventually(() => assert.ok(seen.length >= 50, 'clients running'), { timeoutMs: 10_000 });
      await stack.write('app.yaml', weighted(host, ['blue', 0], ['green', 100]));
      await eventually(() => assert.ok(greenStreak >= 100, `green streak ${greenStreak} after ${seen.length} requests`), { timeoutMs: 30_000 });
    } finally {
      stop = true;
      await Promise.all(clients);
    }
    assert.deepEqual(failures, [], 'no request failed during the switch');
    assert.equal(seen[0], 'blue');
    assert.ok(seen.includes('green'));

    const after = await tally(200, () => stack.get('/', { host }));
    assert.deepEqual(after, { byBackend: { green: 200 }, failures: [] });
  });
});

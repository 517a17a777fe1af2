/**
 * Config changes over xDS never drain listeners: one HTTP/1.1 keep-alive connection through a real
 * Envoy keeps serving across a route change (a path added), an endpoint change (a service moved to
 * another backend) and a removal (path and cluster), and Envoy's listener manager reports no modified
 * or draining listener.
 */
import assert from 'node:assert/strict';
import { Agent, request as httpRequest } from 'node:http';
import { describe, it } from 'node:test';
import { startEchoBackend, type EchoReply } from './harness/echo-backend.js';
import { eventually } from './harness/eventually.js';
import { request } from './harness/http-client.js';
import { startStack, type IsobarStack } from './harness/isobar-stack.js';
import { serviceYaml } from './harness/k8s-yaml.js';

const ingress = (paths: Array<[string, string]>) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: app, namespace: team }
spec:
  rules:
  - http:
      paths:
${paths
  .map(
    ([path, service]) => `      - path: ${path}
        pathType: Prefix
        backend:
          service: { name: ${service}, port: { number: 80 } }`,
  )
  .join('\n')}
`;

/** GETs on one keep-alive connection; reports the client-side port, which changes if Envoy closed it. */
function keepAliveClient(port: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const get = (path: string) =>
    new Promise<{ status: number; backend: string; localPort: number; connection: string | undefined }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, agent, headers: { host: `127.0.0.1:${port}` } });
      req.setTimeout(5000, () => req.destroy(new Error(`GET ${path} timed out`)));
      req.on('error', reject);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString();
          const backend = res.statusCode === 200 ? (JSON.parse(body) as EchoReply).backend : `status ${res.statusCode}`;
          resolve({ status: res.statusCode ?? 0, backend, localPort: req.socket!.localPort!, connection: res.headers.connection });
        });
      });
      req.end();
    });
  return { get, close: () => agent.destroy() };
}

async function listenerStats(stack: IsobarStack): Promise<Record<string, number>> {
  const res = await stack.envoy.admin('/stats?filter=^listener_manager\\.|downstream_cx_drain_close');
  const out: Record<string, number> = {};
  for (const line of res.body.split('\n')) {
    const m = /^(\S+): (\d+)$/.exec(line.trim());
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

describe('xDS changes without listener drain', () => {
  it('keeps a keep-alive connection working across route, endpoint and cluster changes', async (t) => {
    const blue = await startEchoBackend('blue');
    const green = await startEchoBackend('green');
    const yellow = await startEchoBackend('yellow');
    t.after(() => Promise.all([blue.close(), green.close(), yellow.close()]));
    const stack = await startStack(t, {
      files: {
        'app.yaml': serviceYaml('team', 'app', 80, blue.port),
        'other.yaml': serviceYaml('team', 'other', 80, green.port),
        'ingress.yaml': ingress([['/app', 'app']]),
      },
    });
    await eventually(async () => assert.equal((await stack.get('/app')).status, 200));
    const conn = keepAliveClient(stack.httpPort);
    t.after(() => conn.close());
    const first = await conn.get('/app');
    assert.equal(first.backend, 'blue');
    const before = await listenerStats(stack);
    assert.equal(before['listener_manager.total_listeners_draining'], 0);

    // Route change: a second path. The long-lived connection sees it.
    await stack.write('ingress.yaml', ingress([['/app', 'app'], ['/other', 'other']]));
    await eventually(async () => assert.equal((await conn.get('/other')).backend, 'green'));
    const afterRoutes = await conn.get('/app');
    assert.equal(afterRoutes.backend, 'blue');
    assert.equal(afterRoutes.localPort, first.localPort, 'same connection after the route change');

    // Endpoint change: "app" moves to another backend.
    await stack.write('app.yaml', serviceYaml('team', 'app', 80, yellow.port));
    await eventually(async () => assert.equal((await conn.get('/app')).backend, 'yellow'));
    const afterEndpoints = await conn.get('/other');
    assert.equal(afterEndpoints.backend, 'green');
    assert.equal(afterEndpoints.localPort, first.localPort, 'same connection after the endpoint change');
    assert.notEqual(afterEndpoints.connection, 'close', 'Envoy is not closing the connection');

    // Route and cluster removed: the route goes first, the cluster after it (make-before-break).
    const apiClusters = async () => ((await stack.envoy.clusters()).cluster_statuses ?? []).filter((c) => c.added_via_api).map((c) => c.name);
    assert.equal((await apiClusters()).length, 2);
    await stack.write('ingress.yaml', ingress([['/app', 'app']]));
    await eventually(async () => assert.equal((await conn.get('/other')).status, 404));
    await eventually(async () => assert.equal((await apiClusters()).length, 1, 'the unused cluster is removed'));
    const afterRemoval = await conn.get('/app');
    assert.equal(afterRemoval.backend, 'yellow');
    assert.equal(afterRemoval.localPort, first.localPort, 'same connection after the removal');

    const after = await listenerStats(stack);
    assert.equal(after['listener_manager.listener_modified'], before['listener_manager.listener_modified'], 'no listener modified');
    assert.equal(after['listener_manager.listener_modified'], 0);
    assert.equal(after['listener_manager.listener_removed'], 0);
    assert.equal(after['listener_manager.total_listeners_draining'], 0, 'nothing draining');
    const drainCloses = Object.entries(after).filter(([k, v]) => k.endsWith('downstream_cx_drain_close') && v > 0);
    assert.deepEqual(drainCloses, [], 'no connection closed for draining');
    assert.equal((await stack.status()).sinks['sink-xds']?.nacksTotal, 0, 'Envoy rejected nothing');

    // isobar's own view, on its admin /metrics: one stream, LDS sent once (never re-sent), no NACK.
    const metrics = (await request({ port: stack.app.adminPort, path: '/metrics' })).body;
    assert.match(metrics, /^isobar_xds_streams 1$/m);
    assert.match(metrics, /^isobar_xds_pushes_total\{type="listener"\} 1$/m);
    assert.match(metrics, /^isobar_xds_pushes_total\{type="endpoint"\} [1-9]\d*$/m);
    assert.doesNotMatch(metrics, /^isobar_xds_nacks_total\{[^}]*\} [1-9]/m);
  });
});

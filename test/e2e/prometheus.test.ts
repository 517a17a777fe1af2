/**
 * Monitoring with the real thing: `isobar standalone` (the compiled CLI, a real Envoy) routes two hosts to
 * real backends, one of which answers 503; a real Prometheus scrapes isobar's /metrics and Envoy's stats
 * listener every second. PromQL then finds exactly the requests sent, per virtual host and per upstream
 * cluster, and isobar's build histogram; every query of the shipped Grafana dashboard returns data.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { startEchoBackend } from './harness/echo-backend.js';
import { eventually } from './harness/eventually.js';
import { dataPanels, loadDashboard, substitute } from './harness/grafana-dashboard.js';
import { request } from './harness/http-client.js';
import { serviceYaml } from './harness/k8s-yaml.js';
import { startPrometheus, type PromSample, type PrometheusProcess } from './harness/prometheus-process.js';
import { startStandalone, type StandaloneProcess } from './harness/standalone-process.js';

const DASHBOARD = fileURLToPath(new URL('../../../deploy/grafana/isobar-dashboard.json', import.meta.url));

/** a.test goes to the harness's echo Service; b.test too, but b.test/fail goes to Service broken (503). */
const HOSTS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: hosts }
spec:
  rules:
  - host: a.test
    http:
      paths:
      - { path: /, pathType: Prefix, backend: { service: { name: echo, port: { number: 80 } } } }
  - host: b.test
    http:
      paths:
      - { path: /, pathType: Prefix, backend: { service: { name: echo, port: { number: 80 } } } }
      - { path: /fail, pathType: Prefix, backend: { service: { name: broken, port: { number: 80 } } } }
`;

/** Series of an answer as label value → value, e.g. by virtual host. */
function byLabel(samples: PromSample[], label: string): Record<string, number> {
  return Object.fromEntries(samples.map((s) => [s.metric[label] ?? '', s.value]));
}

async function send(run: StandaloneProcess, host: string, path: string, times: number, status: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const res = await request({ port: run.httpPort, host, path });
    assert.equal(res.status, status, `${host}${path}: ${res.body}${run.tail()}`);
  }
}

describe('Prometheus scrapes isobar and Envoy', () => {
  it('counts requests per virtual host and per cluster, sees the build histogram, and has data for every dashboard panel', async (t) => {
    const startedAt = Date.now();
    const ok = await startEchoBackend('ok');
    t.after(() => ok.close());
    const broken = await startEchoBackend('broken', { status: 503 });
    t.after(() => broken.close());
    const run = await startStandalone(ok.port, '', [], { files: { 'hosts.yaml': HOSTS + '---\n' + serviceYaml('default', 'broken', 80, broken.port) } });
    t.after(() => run.cleanup());
    await eventually(
      async () => {
        assert.equal(run.child.exitCode, null, `standalone exited early${run.tail()}`);
        assert.equal((await request({ port: run.httpPort, host: 'echo.test', timeoutMs: 2000 })).status, 200, run.tail());
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );

    // The stats listener: Envoy's Prometheus text, with both hosts' series (names without dots survive
    // Envoy's tag extraction), and nothing else of the admin interface.
    const statsText = await eventually(async () => {
      const res = await request({ port: run.statsPort, path: '/stats/prometheus' });
      assert.equal(res.status, 200);
      for (const h of ['a_test', 'b_test']) assert.match(res.body, new RegExp(`^envoy_vhost_vcluster_upstream_rq_total\\{envoy_virtual_cluster="all",envoy_virtual_host="${h}"\\} 0$`, 'm'), h);
      return res.body;
    });
    assert.doesNotMatch(statsText, /envoy_virtual_host="(a|b)"/, 'no host cut at its first dot');
    for (const [method, path] of [['GET', '/config_dump'], ['POST', '/quitquitquit'], ['POST', '/healthcheck/fail'], ['GET', '/stats'], ['GET', '/stats/prometheus?format=json'], ['POST', '/stats/prometheus']] as const) {
      assert.equal((await request({ port: run.statsPort, method, path })).status, 404, `${method} ${path} through the stats listener`);
    }
    assert.equal((await request({ port: run.envoyAdminPort, path: '/ready' })).body.trim(), 'LIVE', 'Envoy neither stopped nor failing readiness');

    const prom = await startPrometheus([
      { job: 'isobar', port: run.adminPort, path: '/metrics' },
      { job: 'envoy', port: run.statsPort, path: '/stats/prometheus' },
    ]);
    t.after(() => prom.stop());
    const promReadyAt = Date.now();

    await send(run, 'a.test', '/', 7, 200);
    await send(run, 'b.test', '/', 1, 200);
    await send(run, 'b.test', '/fail', 2, 503);

    const q = (expr: string) => prom.query(expr);
    await eventually(
      async () => {
        assert.deepEqual(byLabel(await q('up'), 'job'), { envoy: 1, isobar: 1 }, JSON.stringify(await prom.targets()));
        const perHost = byLabel(await q('sum by (envoy_virtual_host) (envoy_vhost_vcluster_upstream_rq{envoy_virtual_cluster="all", envoy_virtual_host=~"a_test|b_test"})'), 'envoy_virtual_host');
        assert.deepEqual(perHost, { a_test: 7, b_test: 3 }, 'requests per virtual host');
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    const hostErrors = byLabel(await q('sum by (envoy_virtual_host) (envoy_vhost_vcluster_upstream_rq_xx{envoy_response_code_class="5"})'), 'envoy_virtual_host');
    assert.deepEqual(hostErrors, { b_test: 2 }, '5xx per virtual host');
    const clusterErrors = await q('sum by (envoy_cluster_name) (envoy_cluster_upstream_rq_xx{envoy_response_code_class="5"})');
    // A cluster's stats go by its alt_stat_name, namespace_service_port (port name or number; stable when its shape changes).
    assert.deepEqual(byLabel(clusterErrors, 'envoy_cluster_name'), { default_broken_80: 2 }, '5xx per upstream cluster');
    const echo200 = byLabel(await q('sum by (envoy_cluster_name) (envoy_cluster_upstream_rq{envoy_response_code="200", envoy_cluster_name=~"default_.*"})'), 'envoy_cluster_name');
    assert.deepEqual(Object.keys(echo200), ['default_echo_http'], JSON.stringify(echo200));
    assert.ok(echo200.default_echo_http! >= 8, `the echo cluster answered a.test's 7, b.test's 1 and the warm-up: ${JSON.stringify(echo200)}`);
    // Envoy's histograms reach its stats at its flush (every 5 s by default).
    await eventually(
      async () => {
        const latency = byLabel(await q('sum by (envoy_virtual_host) (envoy_vhost_vcluster_upstream_rq_time_count{envoy_virtual_cluster="all", envoy_virtual_host=~"a_test|b_test"})'), 'envoy_virtual_host');
        assert.deepEqual(latency, { a_test: 7, b_test: 3 }, 'latency histogram per virtual host');
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    const builds = await q('sum (isobar_build_duration_seconds_bucket{le="+Inf"})');
    assert.ok(builds.length === 1 && builds[0]!.value >= 1, `isobar_build_duration_seconds has samples: ${JSON.stringify(builds)}`);
    const countedAt = Date.now();

    await checkDashboard(prom);
    t.diagnostic(`standalone up ${promReadyAt - startedAt} ms, counts seen in Prometheus ${countedAt - promReadyAt} ms after it was ready, dashboard checked ${Date.now() - countedAt} ms later`);
  });
});

/** Every target of every panel returns data (some series) from this Prometheus; failures name the panel. */
async function checkDashboard(prom: PrometheusProcess): Promise<void> {
  const d = loadDashboard(DASHBOARD);
  assert.ok(d.title && d.uid && d.schemaVersion >= 30, 'a dashboard model with title, uid and schemaVersion');
  const ds = d.templating.list.find((v) => v.type === 'datasource');
  assert.equal(ds?.query, 'prometheus', 'a Prometheus datasource variable');
  const panels = dataPanels(d);
  assert.equal(new Set(d.panels.flatMap((p) => [p, ...(p.panels ?? [])]).map((p) => p.id)).size, d.panels.flatMap((p) => [p, ...(p.panels ?? [])]).length, 'panel ids are unique');
  const queries = panels.flatMap((p) => {
    assert.equal(p.datasource?.uid, `\${${ds!.name}}`, `panel "${p.title}" uses the datasource variable`);
    assert.ok(p.gridPos && (p.targets?.length ?? 0) > 0, `panel "${p.title}" has a position and targets`);
    return p.targets!.map((target) => ({ panel: p.title, refId: target.refId, expr: substitute(d, target.expr, '1m') }));
  });
  // A rate needs two scrapes inside its range; retried until then.
  await eventually(
    async () => {
      const empty: string[] = [];
      for (const { panel, refId, expr } of queries) {
        const result = await prom.query(expr).catch((err: Error) => {
          throw new Error(`panel "${panel}" target ${refId}: ${err.message}`);
        });
        if (result.length === 0) empty.push(`panel "${panel}" target ${refId} returned no data: ${expr}`);
      }
      assert.deepEqual(empty, [], empty.join('\n'));
    },
    { timeoutMs: 20_000, intervalMs: 1000 },
  );
}

/**
 * Fleets: one isobar, three Envoys. Two are bootstrapped with a fleet each (as each Gateway API Gateway
 * gets its own Envoy Deployment), one without (the default fleet). Each must load only its own
 * listeners and what they refer to, and a change in one fleet must send nothing to the others' Envoys.
 * The three speak three xDS variants: per-type streams (the default Envoy), ADS (A) and delta ADS (B);
 * with xds.configSource grpc, A's and B's routes and endpoints come over per-type streams too.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { pluginCatalog } from '../../cli/plugin-catalog.js';
import { widgetPlugin } from '../support/widget-plugin/widget-plugin.js';
import { startEchoBackend, type EchoReply } from './harness/echo-backend.js';
import { startEnvoy, type EnvoyProcess } from './harness/envoy-process.js';
import { eventually } from './harness/eventually.js';
import { request } from './harness/http-client.js';
import { startStack, xdsBootstrap } from './harness/isobar-stack.js';
import { ingressYaml, serviceYaml } from './harness/k8s-yaml.js';
import { freePorts } from './harness/ports.js';

const A = 'gateway/shop/a';
const B = 'gateway/shop/b';

const widget = (name: string, host: string, service: string, listenerPort: number, fleet: string) => `apiVersion: widgets.example.isobar.io/v1
kind: Widget
metadata: { name: ${name}, namespace: shop }
spec: { host: ${host}, service: ${service}, port: 80, listenerPort: ${listenerPort}, fleet: ${fleet} }
`;

interface Loaded {
  listeners: string[];
  routes: string[];
  /** Dynamic clusters by service port (`namespace/service/port`), without their hash. */
  clusters: string[];
}

/** What an Envoy has loaded over xDS, from its /config_dump. */
async function loaded(envoy: EnvoyProcess): Promise<Loaded> {
  const dump = await envoy.configDump();
  const section = (suffix: string) => (dump.configs.find((c) => c['@type'].endsWith(`.${suffix}`)) ?? {}) as Record<string, Array<Record<string, any>> | undefined>;
  return {
    listeners: (section('ListenersConfigDump')['dynamic_listeners'] ?? []).map((l) => l['name']).sort(),
    routes: (section('RoutesConfigDump')['dynamic_route_configs'] ?? []).map((r) => r['route_config']['name']).sort(),
    clusters: (section('ClustersConfigDump')['dynamic_active_clusters'] ?? []).map((c) => c['cluster']['name'].split('/').slice(0, 3).join('/')).sort(),
  };
}

/** Every xDS update counter of an Envoy (LDS, CDS, each RDS and EDS subscription): they move on every response it gets. */
async function xdsUpdates(envoy: EnvoyProcess): Promise<Record<string, number>> {
  const body = (await envoy.admin('/stats?filter=\\.update_(attempt|success|rejected|failure|empty)$')).body;
  return Object.fromEntries(body.trim().split('\n').filter(Boolean).map((line) => {
    const [name, value] = line.split(': ');
    return [name!, Number(value)];
  }));
}

async function routedBy(port: number, host: string): Promise<string> {
  const r = await request({ port, path: '/x', host });
  assert.equal(r.status, 200, `${host} on ${port}: ${r.status} ${r.body}`);
  return r.json<EchoReply>().backend;
}

describe('fleets', () => {
  it('gives each Envoy only its fleet\'s listeners, and a change in one fleet reaches no other', async (t) => {
    const backends = await Promise.all(['app', 'web-a', 'web-b'].map((n) => startEchoBackend(n)));
    t.after(() => Promise.all(backends.map((b) => b.close())));
    const [app, webA, webB] = backends as [typeof backends[0], typeof backends[0], typeof backends[0]];
    const [portA, portB] = (await freePorts(2)) as [number, number];
    const stack = await startStack(t, {
      catalog: { ...pluginCatalog, 'api-widget': async () => widgetPlugin },
      config: { plugins: ['source-file', 'sink-xds', 'api-ingress', 'api-widget'] },
      xdsMode: 'per-type',
      files: {
        'svc.yaml': [serviceYaml('shop', 'app', 80, app.port), serviceYaml('shop', 'web-a', 80, webA.port), serviceYaml('shop', 'web-b', 80, webB.port)].join('---\n'),
        'app.yaml': ingressYaml('shop', 'app', 'app.example.com', 'app'),
        'a.yaml': widget('a', 'a.example.com', 'web-a', portA, A),
        'b.yaml': widget('b', 'b.example.com', 'web-b', portB, B),
      },
    });
    const envoyA = await startEnvoy({ bootstrap: xdsBootstrap(stack.xdsPort, 'gw-a', 'ads', A) }, t);
    const envoyB = await startEnvoy({ bootstrap: xdsBootstrap(stack.xdsPort, 'gw-b', 'delta-ads', B) }, t);

    // Real traffic: each fleet's listener routes to its own backend.
    await eventually(async () => assert.equal(await routedBy(portA, 'a.example.com'), 'web-a'));
    await eventually(async () => assert.equal(await routedBy(portB, 'b.example.com'), 'web-b'));
    await eventually(async () => assert.equal(await routedBy(stack.httpPort, 'app.example.com'), 'app'));

    // Each Envoy holds its own listeners, routes and clusters, and nothing of the other fleets.
    const want: Array<[EnvoyProcess, Loaded]> = [
      [stack.envoy, { listeners: ['ingress_http'], routes: ['ingress_http'], clusters: ['shop/app/80'] }],
      [envoyA, { listeners: [`widget_${portA}`], routes: [`widget_${portA}`], clusters: ['shop/web-a/80'] }],
      [envoyB, { listeners: [`widget_${portB}`], routes: [`widget_${portB}`], clusters: ['shop/web-b/80'] }],
    ];
    for (const [envoy, w] of want) await eventually(async () => assert.deepEqual(await loaded(envoy), w, envoy.describe()));

    const xds = (await stack.status()).sinks['sink-xds'] as { nodes: Array<{ id: string; fleet?: string }>; nacksTotal: number };
    assert.deepEqual(xds.nodes.map((n) => [n.id, n.fleet]), [['e2e', undefined], ['gw-a', A], ['gw-b', B]]);
    assert.equal(xds.nacksTotal, 0);

    // Fleet A's routes change; B's Envoy and the default one get no xDS response at all.
    const [aBefore, bBefore, defaultBefore] = await Promise.all([envoyA, envoyB, stack.envoy].map(xdsUpdates));
    await stack.write('a.yaml', widget('a', 'a2.example.com', 'web-a', portA, A));
    await eventually(async () => assert.equal(await routedBy(portA, 'a2.example.com'), 'web-a'));
    await sleep(500); // anything else isobar would send has had time to arrive
    const [aAfter, bAfter, defaultAfter] = await Promise.all([envoyA, envoyB, stack.envoy].map(xdsUpdates));
    const rds = `http.widget_${portA}.rds.widget_${portA}.update_success`;
    assert.ok(aAfter[rds]! > aBefore[rds]!, `fleet A's Envoy took the new routes (${rds}: ${aBefore[rds]} → ${aAfter[rds]})`);
    for (const counters of [bBefore, defaultBefore]) assert.ok(counters['listener_manager.lds.update_success']! > 0, JSON.stringify(counters));
    assert.deepEqual(bAfter, bBefore, "fleet B's Envoy was sent nothing");
    assert.deepEqual(defaultAfter, defaultBefore, 'the default fleet\'s Envoy was sent nothing');
    assert.equal((await request({ port: portB, path: '/x', host: 'a2.example.com' })).status, 404, "A's new host is not on B's listener");
  });
});

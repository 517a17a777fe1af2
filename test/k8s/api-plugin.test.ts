/**
 * A routing API is one plugin: a test's own kind (Widget), registered only here, is watched from a real
 * kube-apiserver by the unchanged Kubernetes source, served by Envoy, and gets the status its kind declares
 * written back through the status subresource.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pluginCatalog } from '../../cli/plugin-catalog.js';
import { WIDGET_CRD, widgetPlugin } from '../support/widget-plugin/widget-plugin.js';
import { eventually } from '../e2e/harness/eventually.js';
import { startKubeCluster, type KubeCluster } from './harness/kube-cluster.js';
import { apply, get, namespace, type KubeObjectLike } from './harness/kube-objects.js';
import { endpointSlice, service } from './harness/k8s-fixtures.js';
import { envoyDomains, startK8sIsobar, type K8sIsobar } from './harness/k8s-isobar.js';

const NS = 'team';
const widget = (name: string, host: string, svc: string): KubeObjectLike => ({
  apiVersion: 'widgets.example.isobar.io/v1',
  kind: 'Widget',
  metadata: { name, namespace: NS },
  spec: { host, service: svc, port: 80 },
});

describe('a routing API plugin of the tests, from the Kubernetes API', () => {
  let cluster: KubeCluster;
  let isobar: K8sIsobar;
  const statusOf = async (name: string) => (await get<KubeObjectLike & { status?: unknown }>(cluster, widget(name, '', ''))).status;

  before(async () => {
    cluster = await startKubeCluster();
    await apply(cluster, [WIDGET_CRD as unknown as KubeObjectLike]);
    await apply(cluster, [namespace(NS), service(NS, 'web'), endpointSlice(NS, 'web', ['10.4.0.1'])]);
    await apply(cluster, [widget('good', 'widget.example.com', 'web'), widget('lost', 'lost.example.com', 'nope')]);
    isobar = await startK8sIsobar(cluster, {
      catalog: { ...pluginCatalog, 'api-widget': async () => widgetPlugin },
      config: { plugins: ['source-k8s', 'sink-xds', 'api-widget'], 'sourceK8s.statusAddress': '198.51.100.10' },
    });
  });
  after(async () => {
    await isobar?.stop();
    await cluster?.stop();
  });

  it('watches the kind the plugin registered, and only the kinds of the plugins loaded', async () => {
    await eventually(async () => assert.deepEqual(await envoyDomains(isobar.envoy!), ['widget.example.com']));
    const k8s = (await isobar.status()).sources?.['k8s'] as unknown as { watches: Record<string, unknown> };
    // Core's kinds and the Widget; no Ingress, IngressClass or IngressRoute, whose plugins are not loaded.
    assert.deepEqual(Object.keys(k8s.watches).sort(), ['EndpointSlice', 'Secret', 'Service', 'Widget']);
  });

  it("writes the kind's own status shape back", async () => {
    await eventually(async () => assert.deepEqual(await statusOf('good'), { verdict: 'valid', message: '' }));
    await eventually(async () => assert.deepEqual(await statusOf('lost'), { verdict: 'invalid', message: 'Service team/nope not found' }));
  });

  it('serves a Widget created after the start', async () => {
    await apply(cluster, [widget('late', 'late.example.com', 'web')]);
    await eventually(async () => assert.deepEqual(await envoyDomains(isobar.envoy!), ['late.example.com', 'widget.example.com']));
  });
});

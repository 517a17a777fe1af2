/**
 * A routing API is one plugin: a test's own kind (Widget), registered only here, is read from files,
 * validated by its schema, built into routes Envoy serves, and shown with its own status, with no change
 * to the file source. With its plugin off, the same file is told which plugin to enable.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pluginCatalog } from '../../cli/plugin-catalog.js';
import { widgetPlugin } from '../support/widget-plugin/widget-plugin.js';
import { startEchoBackend, type EchoReply } from './harness/echo-backend.js';
import { eventually } from './harness/eventually.js';
import { startStack } from './harness/isobar-stack.js';
import { serviceYaml } from './harness/k8s-yaml.js';
import { request } from './harness/http-client.js';
import { freePorts } from './harness/ports.js';

const catalog = { ...pluginCatalog, 'api-widget': async () => widgetPlugin };

const widget = (name: string, host: string, port: unknown, extra = '') => `apiVersion: widgets.example.isobar.io/v1
kind: Widget
metadata: { name: ${name}, namespace: shop }
spec:
  host: ${host}
  service: web
  port: ${port}
${extra}`;

describe('a routing API plugin of the tests', () => {
  it('is loaded from files, routed by Envoy, validated by its schema and shows its own status', async (t) => {
    const web = await startEchoBackend('web');
    t.after(() => web.close());
    const stack = await startStack(t, {
      catalog,
      config: { plugins: ['source-file', 'sink-xds', 'api-ingress', 'api-widget'] },
      files: {
        'svc.yaml': serviceYaml('shop', 'web', 80, web.port),
        'widget.yaml': widget('good', 'widget.example.com', 80),
        'bad.yaml': `# a widget with a port as a word\n${widget('bad', 'bad.example.com', 'eighty')}`,
      },
    });
    await eventually(async () => {
      const r = await stack.get('/hello', { host: 'widget.example.com' });
      assert.equal(r.status, 200, r.body);
      assert.equal(r.json<EchoReply>().backend, 'web');
    });
    const status = await stack.status();
    const good = status.objects.find((o) => o.ref.kind === 'Widget' && o.ref.name === 'good');
    assert.deepEqual([good?.state, good?.status], ['valid', { verdict: 'valid', message: '' }]);
    const bad = status.objects.find((o) => o.ref.kind === 'Widget' && o.ref.name === 'bad');
    assert.equal(bad?.state, 'invalid');
    assert.deepEqual(
      bad?.conditions.map((c) => [c.reason, c.field, c.line, c.message]),
      [['FieldType', 'spec.port', 8, 'must be an integer, not a string ("eighty")']],
    );
    assert.equal((await stack.get('/', { host: 'bad.example.com' })).status, 404);
  });

  it('declares a listener of its own: Envoy listens there, and the config\'s listeners are unchanged', async (t) => {
    const web = await startEchoBackend('web');
    t.after(() => web.close());
    const [own] = await freePorts(1);
    const stack = await startStack(t, {
      catalog,
      config: { plugins: ['source-file', 'sink-xds', 'api-ingress', 'api-widget'] },
      files: { 'svc.yaml': serviceYaml('shop', 'web', 80, web.port), 'widget.yaml': widget('own', 'own.example.com', 80, `  listenerPort: ${own}\n`) },
    });
    await eventually(async () => {
      const r = await request({ port: own!, path: '/x', host: 'own.example.com' });
      assert.equal(r.status, 200, r.body);
      assert.equal(r.json<EchoReply>().backend, 'web');
    });
    assert.equal((await stack.get('/x', { host: 'own.example.com' })).status, 404, 'not on the config\'s listener');
    const listeners = await stack.envoy.configDumpSection<{ dynamic_listeners?: Array<{ name: string }> }>('ListenersConfigDump');
    assert.deepEqual((listeners?.dynamic_listeners ?? []).map((l) => l.name).sort(), ['ingress_http', `widget_${own}`]);
  });

  it('switched off, its kind is not served and the file says which plugin to enable; the other APIs go on', async (t) => {
    const web = await startEchoBackend('web');
    t.after(() => web.close());
    const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec:
  rules:
  - host: ingress.example.com
    http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] }
`;
    const ingressRoute = `apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata: { name: web, namespace: shop }
spec:
  virtualhost: { fqdn: route.example.com }
  routes: [{ match: /, services: [{ name: web, port: 80 }] }]
`;
    const stack = await startStack(t, {
      catalog,
      config: { plugins: ['source-file', 'sink-xds', 'api-ingress'] },
      files: { 'svc.yaml': serviceYaml('shop', 'web', 80, web.port), 'widget.yaml': widget('good', 'widget.example.com', 80), 'ingress.yaml': ingress, 'route.yaml': ingressRoute },
    });
    await eventually(async () => assert.equal((await stack.get('/', { host: 'ingress.example.com' })).status, 200));
    const { problems } = await stack.status();
    const unserved = problems.filter((p) => p.reason === 'KindNotServed').map((p) => [p.file?.split('/').pop(), p.line, p.message]);
    assert.deepEqual(unserved.sort(), [
      ['route.yaml', 1, 'kind IngressRoute (contour.heptio.com/v1beta1) is not served: enable plugin "api-ingressroute" in the config\'s plugins'],
      ['widget.yaml', 1, 'kind Widget (widgets.example.isobar.io/v1) is not served: enable plugin "api-widget" in the config\'s plugins'],
    ]);
    assert.equal((await stack.get('/', { host: 'route.example.com' })).status, 404);
    assert.equal((await stack.get('/', { host: 'widget.example.com' })).status, 404);
  });
});

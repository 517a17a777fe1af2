/**
 * A Gateway's own Envoy (gatewayApi.fleets, as in a cluster) from files: it connects while its Gateway has
 * no route yet, then gets the routes attached later, and the default Envoy never sees the Gateway's listener.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startEchoBackend, type EchoReply } from './harness/echo-backend.js';
import { startEnvoy } from './harness/envoy-process.js';
import { eventually } from './harness/eventually.js';
import { gatewayYaml, routeYaml } from './harness/gateway-yaml.js';
import { request } from './harness/http-client.js';
import { startStack, xdsBootstrap } from './harness/isobar-stack.js';
import { serviceYaml } from './harness/k8s-yaml.js';
import { freePorts } from './harness/ports.js';

describe('a Gateway with its own Envoy fleet (file source)', () => {
  it('serves routes that attach after its Envoy connected, on that Envoy only', async (t) => {
    const web = await startEchoBackend('web');
    t.after(() => web.close());
    const [port] = await freePorts(1);
    const stack = await startStack(t, {
      config: { plugins: ['source-file', 'sink-xds', 'api-gateway'], 'gatewayApi.fleets': true },
      files: { 'svc.yaml': serviceYaml('infra', 'web', 80, web.port), 'gw.yaml': gatewayYaml('infra', 'gw', [`{ name: http, port: ${port}, protocol: HTTP }`]) },
    });
    const fleet = await startEnvoy({ bootstrap: xdsBootstrap(stack.xdsPort, 'gw-envoy', 'ads', 'gateway/infra/gw') }, t);
    // The listener (and an empty route table) first: a request is answered, with 404.
    await eventually(async () => assert.equal((await request({ port: port!, host: 'a.example.com', path: '/' })).status, 404));
    await stack.write('route.yaml', routeYaml('HTTPRoute', 'infra', 'r', ['a.example.com'], `
  - backendRefs: [{ name: web, port: 80 }]
`));
    const r = await eventually(async () => {
      const res = await request({ port: port!, host: 'a.example.com', path: '/x' });
      assert.equal(res.status, 200, res.body);
      return res;
    });
    assert.equal(r.json<EchoReply>().backend, 'web');
    const names = async (e: typeof fleet) => ((await e.configDumpSection<{ dynamic_listeners?: Array<{ name: string }> }>('ListenersConfigDump'))?.dynamic_listeners ?? []).map((l) => l.name).sort();
    assert.deepEqual(await names(fleet), ['infra/gw/http-' + port]);
    assert.ok(!(await names(stack.envoy)).includes(`infra/gw/http-${port}`), 'the default Envoy does not get the Gateway\'s listener');
  });
});

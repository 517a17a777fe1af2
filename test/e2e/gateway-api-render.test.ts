/**
 * `isobar render` of a directory of Gateway API YAML (a VM, no cluster): the static config passes
 * `envoy --mode validate`, and an Envoy started from it, with no control plane, serves the Gateway's HTTP
 * and HTTPS listeners as the HTTPRoutes say.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { createTestPki } from './harness/certs.js';
import { startEchoBackend, type EchoReply } from './harness/echo-backend.js';
import { findEnvoyBinary } from './harness/envoy-binary.js';
import { startEnvoy } from './harness/envoy-process.js';
import { gatewayYaml, routeYaml } from './harness/gateway-yaml.js';
import { request } from './harness/http-client.js';
import { serviceYaml, tlsSecretYaml } from './harness/k8s-yaml.js';
import { freePorts } from './harness/ports.js';
import { runCommand, runIsobar } from './harness/run-command.js';
import { createTempDir } from './harness/temp-dir.js';

describe('isobar render with Gateway API', () => {
  it('renders Gateways and routes into a config Envoy validates and serves without a control plane', async (t) => {
    const app = await startEchoBackend('app');
    t.after(() => app.close());
    const dir = await createTempDir('isobar-render-gw-');
    t.after(() => dir.remove());
    const [http, https, ingressHttp, ingressHttps, xds] = (await freePorts(5)) as [number, number, number, number, number];
    const { ca, server } = createTestPki(['shop.test']);
    await mkdir(dir.file('k8s'));
    await dir.write('k8s/app.yaml', serviceYaml('shop', 'app', 80, app.port));
    await dir.write('k8s/tls.yaml', tlsSecretYaml('shop', 'shop-tls', server.certPem, server.keyPem));
    await dir.write('k8s/gateway.yaml', gatewayYaml('shop', 'gw', [
      `{ name: web, port: ${http}, protocol: HTTP }`,
      `{ name: secure, port: ${https}, protocol: HTTPS, hostname: shop.test, tls: { certificateRefs: [{ name: shop-tls }] } }`,
    ]));
    await dir.write('k8s/route.yaml', routeYaml('HTTPRoute', 'shop', 'site', ['shop.test'], `
  - matches: [{ path: { type: PathPrefix, value: /cart } }]
    filters: [{ type: RequestHeaderModifier, requestHeaderModifier: { set: [{ name: x-gateway, value: gw }] } }]
    backendRefs: [{ name: app, port: 80 }]
`));
    const config = await dir.write('config.yaml', `plugins: [source-file, sink-xds, api-gateway]
sourceFile: { directory: k8s }
xds: { address: 127.0.0.1, port: ${xds} }
log: { level: warn, format: json }
listeners:
  http: { address: 127.0.0.1, port: ${ingressHttp} }
  https: { address: 127.0.0.1, port: ${ingressHttps} }
`);
    const out = dir.file('envoy.json');
    const rendered = await runIsobar(['render', '-c', config, '-o', out, '--admin-port', '0']);
    assert.equal(rendered.code, 0, rendered.stderr);
    const validated = await runCommand(findEnvoyBinary(), ['--mode', 'validate', '-c', out, '--log-level', 'warn']);
    assert.equal(validated.code, 0, validated.stdout + validated.stderr);

    await startEnvoy({ bootstrap: out }, t);
    const plain = await request({ port: http, host: 'shop.test', path: '/cart/1' });
    assert.equal(plain.status, 200, plain.body);
    assert.deepEqual([plain.json<EchoReply>().backend, plain.json<EchoReply>().headers['x-gateway']], ['app', 'gw']);
    assert.equal((await request({ port: http, host: 'shop.test', path: '/other' })).status, 404);
    const secure = await request({ port: https, host: 'shop.test', path: '/cart', tls: { ca: ca.certPem } });
    assert.equal(secure.status, 200, secure.body);
    assert.match(secure.peerCertificate?.subjectaltname ?? '', /DNS:shop\.test/);
  });
});

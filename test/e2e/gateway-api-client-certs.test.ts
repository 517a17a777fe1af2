/**
 * Gateway client certificate validation (spec.tls.frontend) through a real Envoy: an HTTPS listener lets
 * in only clients whose certificate its CA signed, a port of its own (perPort) trusts another CA, an
 * AllowInsecureFallback port lets everyone in and says so, and a CA reference that cannot be used leaves
 * its listener unserved (never served without the check) while the others go on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCertificateAuthority } from './harness/certs.js';
import { startEchoBackend, type EchoReply } from './harness/echo-backend.js';
import { eventually } from './harness/eventually.js';
import { gatewayYaml, routeYaml } from './harness/gateway-yaml.js';
import { request } from './harness/http-client.js';
import { startStack } from './harness/isobar-stack.js';
import { caConfigMapYaml, serviceYaml, tlsSecretYaml } from './harness/k8s-yaml.js';
import { freePorts } from './harness/ports.js';


describe('Gateway API client certificate validation (file source)', () => {
  it('requires a client certificate of the listener\'s CA, per port, with an insecure fallback said aloud', async (t) => {
    const serverCa = createCertificateAuthority('server CA');
    const server = serverCa.issueServerCertificate(['app.example.com']);
    const clientsA = createCertificateAuthority('clients A');
    const clientsB = createCertificateAuthority('clients B');
    const alice = clientsA.issueClientCertificate('alice');
    const bob = clientsB.issueClientCertificate('bob');
    const web = await startEchoBackend('web');
    t.after(() => web.close());
    const [strict, perPort, fallback, broken] = await freePorts(4);
    const gateway = gatewayYaml('infra', 'gw', [strict!, perPort!, fallback!, broken!].map((port, i) => `{ name: https-${i}, port: ${port}, protocol: HTTPS, tls: { certificateRefs: [{ name: server }] } }`)).replace(
      '  gatewayClassName: isobar\n',
      `  gatewayClassName: isobar
  tls:
    frontend:
      default: { validation: { caCertificateRefs: [{ group: "", kind: ConfigMap, name: clients-a }] } }
      perPort:
      - { port: ${perPort}, tls: { validation: { caCertificateRefs: [{ group: "", kind: ConfigMap, name: clients-b }] } } }
      - { port: ${fallback}, tls: { validation: { mode: AllowInsecureFallback, caCertificateRefs: [{ group: "", kind: ConfigMap, name: clients-a }] } } }
      - { port: ${broken}, tls: { validation: { caCertificateRefs: [{ group: "", kind: ConfigMap, name: nowhere }] } } }
`,
    );
    const stack = await startStack(t, {
      config: { plugins: ['source-file', 'sink-xds', 'api-gateway'] },
      files: {
        'svc.yaml': serviceYaml('infra', 'web', 80, web.port),
        'secrets.yaml': [tlsSecretYaml('infra', 'server', server.certPem, server.keyPem), caConfigMapYaml('infra', 'clients-a', clientsA.certPem), caConfigMapYaml('infra', 'clients-b', clientsB.certPem)].join('---\n'),
        'gw.yaml': gateway,
        'route.yaml': routeYaml('HTTPRoute', 'infra', 'app', ['app.example.com'], '\n  - backendRefs: [{ name: web, port: 80 }]\n'),
      },
    });
    const get = (port: number, client?: { certPem: string; keyPem: string }) =>
      request({ port, host: 'app.example.com', path: '/', tls: { ca: serverCa.certPem, ...(client ? { cert: client.certPem, key: client.keyPem } : {}) } });
    const refused = async (port: number, client?: { certPem: string; keyPem: string }) => {
      const outcome = await get(port, client).then(
        (r) => `HTTP ${r.status}`,
        (e: Error) => `refused: ${e.message}`,
      );
      assert.match(outcome, /^refused/, `port ${port} with ${client ? 'a certificate of another CA' : 'no certificate'}`);
    };

    const ok = await eventually(() => get(strict!, alice));
    assert.deepEqual([ok.status, ok.json<EchoReply>().backend], [200, 'web']);
    await refused(strict!);
    await refused(strict!, bob);

    assert.equal((await eventually(() => get(perPort!, bob))).status, 200, 'perPort trusts its own CA');
    await refused(perPort!, alice);

    for (const client of [alice, bob, undefined]) assert.equal((await get(fallback!, client)).status, 200, 'AllowInsecureFallback lets every client in');

    await refused(broken!, alice);
    const status = await stack.status();
    const gw = status.objects.find((o) => o.ref.kind === 'Gateway') as { status?: { conditions: Array<{ type: string; status: string; reason: string }>; listeners: Array<{ name: string; conditions: Array<{ type: string; status: string; reason: string }> }> } } | undefined;
    const listener = gw?.status?.listeners.find((l) => l.name === 'https-3');
    assert.deepEqual(listener?.conditions.filter((c) => c.type !== 'Conflicted').map((c) => `${c.type}=${c.status}:${c.reason}`), ['Accepted=False:NoValidCACertificate', 'Programmed=False:Invalid', 'ResolvedRefs=False:InvalidCACertificateRef']);
    assert.ok(gw?.status?.conditions.some((c) => c.type === 'InsecureFrontendValidationMode' && c.status === 'True' && c.reason === 'ConfigurationChanged'));
  });
});

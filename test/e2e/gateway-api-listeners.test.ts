/**
 * Gateway API listeners from files through a real Envoy: HTTPS listeners terminating TLS with each one's
 * certificate by SNI, routes attached to listeners by sectionName, and listener isolation (a request goes
 * to the most specific listener's routes only); a listener whose certificate is missing is reported and
 * the others keep serving.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCertificateAuthority } from './harness/certs.js';
import { startEchoBackend, type EchoReply } from './harness/echo-backend.js';
import { eventually } from './harness/eventually.js';
import { request } from './harness/http-client.js';
import { startStack } from './harness/isobar-stack.js';
import { serviceYaml, tlsSecretYaml } from './harness/k8s-yaml.js';
import { freePorts } from './harness/ports.js';
import { gatewayYaml } from './harness/gateway-yaml.js';

const route = (name: string, section: string, backend: string, hostnames = '[]') => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: ${name}, namespace: infra }
spec:
  parentRefs: [{ name: gw, sectionName: ${section} }]
  hostnames: ${hostnames}
  rules: [{ backendRefs: [{ name: ${backend}, port: 80 }] }]
`;

describe('Gateway API listeners (file source)', () => {
  it('terminates TLS per listener by SNI, keeps listeners of one port apart, and reports a missing certificate', async (t) => {
    const backends = await Promise.all(['any', 'wild', 'exact', 'secure'].map((n) => startEchoBackend(n)));
    t.after(() => Promise.all(backends.map((b) => b.close())));
    const [http, https] = await freePorts(2);
    const ca = createCertificateAuthority();
    const cert = ca.issueServerCertificate(['*.example.com']);
    const services = backends.map((b) => serviceYaml('infra', b.name, 80, b.port)).join('---\n');
    const gw = gatewayYaml('infra', 'gw', [
      `{ name: any, port: ${http}, protocol: HTTP }`,
      `{ name: wild, port: ${http}, protocol: HTTP, hostname: "*.example.com" }`,
      `{ name: exact, port: ${http}, protocol: HTTP, hostname: abc.example.com }`,
      `{ name: secure, port: ${https}, protocol: HTTPS, hostname: "*.example.com", tls: { certificateRefs: [{ name: cert }] } }`,
      `{ name: nocert, port: ${https}, protocol: HTTPS, hostname: other.example.org, tls: { certificateRefs: [{ name: missing }] } }`,
    ]);
    const stack = await startStack(t, {
      config: { plugins: ['source-file', 'sink-xds', 'api-gateway'] },
      files: {
        'svc.yaml': services,
        'cert.yaml': tlsSecretYaml('infra', 'cert', cert.certPem, cert.keyPem),
        'gw.yaml': gw,
        // The route on the catch-all listener names abc.example.com too: that host is the exact listener's.
        'routes.yaml': [route('any', 'any', 'any', '[abc.example.com, any.example.net]'), route('wild', 'wild', 'wild'), route('exact', 'exact', 'exact'), route('secure', 'secure', 'secure')].join('---\n'),
      },
    });
    const via = async (host: string) => (await request({ port: http!, host, path: '/' })).json<EchoReply>().backend;
    await eventually(async () => assert.equal(await via('abc.example.com'), 'exact'));
    assert.equal(await via('x.example.com'), 'wild');
    assert.equal(await via('x.y.example.com'), 'wild', 'a wildcard hostname takes any number of labels');
    assert.equal(await via('any.example.net'), 'any');
    assert.equal((await request({ port: http!, host: 'else.example.net', path: '/' })).status, 404, 'the catch-all listener\'s route names its hosts');

    const secure = await eventually(async () => {
      const r = await request({ port: https!, host: 'a.example.com', path: '/', tls: { ca: ca.certPem } });
      assert.equal(r.status, 200, r.body);
      return r;
    });
    assert.equal(secure.json<EchoReply>().backend, 'secure');
    assert.match(secure.peerCertificate?.subjectaltname ?? '', /\*\.example\.com/);

    const status = await stack.status();
    type Listener = { name: string; conditions: Array<{ type: string; status: string; reason: string }> };
    const listeners = (status.objects.find((o) => o.ref.kind === 'Gateway') as { status?: { listeners: Listener[] } } | undefined)?.status?.listeners ?? [];
    const resolved = (name: string) => listeners.find((l) => l.name === name)?.conditions.find((c) => c.type === 'ResolvedRefs');
    assert.deepEqual([resolved('nocert')?.status, resolved('nocert')?.reason], ['False', 'InvalidCertificateRef']);
    assert.equal(resolved('secure')?.status, 'True');
  });
});

/** The tcp-proxy feature through a real Envoy: TLS passthrough by SNI, TCP behind TLS termination, delegation, and the plugin switched off. */
import assert from 'node:assert/strict';
import { randomBytes, X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { createCertificateAuthority } from './harness/certs.js';
import { startEchoBackend, type EchoReply } from './harness/echo-backend.js';
import { eventually } from './harness/eventually.js';
import { startStack } from './harness/isobar-stack.js';
import { serviceYaml, tlsSecretYaml } from './harness/k8s-yaml.js';
import { startTcpEchoBackend, startTlsEchoBackend } from './harness/stream-echo-backend.js';
import { tlsExchange } from './harness/tls-exchange.js';

const PLUGINS = ['source-file', 'sink-xds', 'tcp-proxy'];

const passthroughRoot = `apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata: { name: pass, namespace: default }
spec:
  virtualhost:
    fqdn: pass.example.com
    tls: { passthrough: true }
  tcpproxy:
    services: [{ name: tls-echo, port: 443 }]
`;

const terminatingRoot = `apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata: { name: tcp, namespace: default }
spec:
  virtualhost:
    fqdn: tcp.example.com
    tls: { secretName: tcp-cert }
  routes:
  - { match: /, permitInsecure: true, services: [{ name: web, port: 80 }] }
  tcpproxy:
    services: [{ name: tcp-echo, port: 9000 }]
`;

const delegatingRoot = `apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata: { name: deleg, namespace: default }
spec:
  virtualhost:
    fqdn: deleg.example.com
    tls: { secretName: deleg-cert }
  tcpproxy:
    delegate: { name: db, namespace: data }
---
apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata: { name: db, namespace: data }
spec:
  tcpproxy:
    services: [{ name: echo, port: 9000 }]
`;

const webRoot = `apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata: { name: web, namespace: default }
spec:
  virtualhost: { fqdn: web.example.com }
  routes:
  - { match: /, services: [{ name: web, port: 80 }] }
`;

const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

describe('tcp-proxy', () => {
  it('passes TLS through by SNI, proxies TCP behind termination, and follows a tcpproxy delegate', async (t) => {
    const ca = createCertificateAuthority();
    const backendCert = ca.issueServerCertificate(['pass.example.com']);
    const tcpCert = ca.issueServerCertificate(['tcp.example.com']);
    const delegCert = ca.issueServerCertificate(['deleg.example.com']);
    const tlsEcho = await startTlsEchoBackend(backendCert);
    const tcpEcho = await startTcpEchoBackend();
    const dataEcho = await startTcpEchoBackend();
    const web = await startEchoBackend('web');
    t.after(() => Promise.all([tlsEcho.close(), tcpEcho.close(), dataEcho.close(), web.close()]));
    const stack = await startStack(t, {
      config: { plugins: PLUGINS },
      files: {
        'svc.yaml': [
          serviceYaml('default', 'tls-echo', 443, tlsEcho.port),
          serviceYaml('default', 'tcp-echo', 9000, tcpEcho.port),
          serviceYaml('data', 'echo', 9000, dataEcho.port),
          serviceYaml('default', 'web', 80, web.port),
        ].join('---\n'),
        'secrets.yaml': [tlsSecretYaml('default', 'tcp-cert', tcpCert.certPem, tcpCert.keyPem), tlsSecretYaml('default', 'deleg-cert', delegCert.certPem, delegCert.keyPem)].join('---\n'),
        'pass.yaml': passthroughRoot,
        'tcp.yaml': terminatingRoot,
        'deleg.yaml': delegatingRoot,
      },
    });
    const exchange = (servername: string, payload: Buffer) => tlsExchange({ port: stack.httpsPort, servername, ca: ca.certPem, payload, alpn: ['h2', 'http/1.1'] });

    // (a) Passthrough: the certificate the client verifies is the backend's own, and the backend saw the client's SNI.
    const payload = randomBytes(64 * 1024);
    const pass = await eventually(() => exchange('pass.example.com', payload));
    assert.ok(pass.received.equals(payload), 'the TLS backend echoed every byte');
    assert.equal(pass.peerCertificate.fingerprint256, fingerprint(backendCert.certPem), 'the backend terminated TLS, not Envoy');
    assert.ok(tlsEcho.servernames.includes('pass.example.com'), `backend saw SNI ${JSON.stringify(tlsEcho.servernames)}`);

    // (b) Termination: Envoy presents the Secret's certificate and sends the plain bytes to a raw TCP backend.
    const raw = Buffer.from([0x00, 0xff, 0x0d, 0x0a, ...Buffer.from('not HTTP at all\r\n\r\n')]);
    const tcp = await eventually(() => exchange('tcp.example.com', raw));
    assert.ok(tcp.received.equals(raw), `echoed ${tcp.received.toString('hex')}`);
    assert.equal(tcp.peerCertificate.fingerprint256, fingerprint(tcpCert.certPem), 'Envoy terminated TLS with the Secret');
    assert.equal(tcp.alpnProtocol, false, 'a TCP host offers no HTTP protocol by ALPN');
    assert.ok(tcpEcho.connections >= 1);
    // The root's HTTP routes still serve plain HTTP.
    const http = await stack.get('/x', { host: 'tcp.example.com' });
    assert.equal(http.status, 200, http.body);
    assert.equal(http.json<EchoReply>().backend, 'web');

    // (c) A tcpproxy delegate in another namespace supplies the services.
    const deleg = await eventually(() => exchange('deleg.example.com', Buffer.from('hello data namespace')));
    assert.equal(deleg.received.toString(), 'hello data namespace');
    assert.equal(deleg.peerCertificate.fingerprint256, fingerprint(delegCert.certPem));
    assert.ok(dataEcho.connections >= 1 && tcpEcho.connections >= 1);

    const status = await stack.status();
    const state = (ns: string, name: string) => status.objects.find((o) => o.ref.kind === 'IngressRoute' && o.ref.namespace === ns && o.ref.name === name);
    assert.equal(state('default', 'pass')?.state, 'valid');
    assert.equal(state('default', 'deleg')?.state, 'valid');
    assert.equal(state('data', 'db')?.state, 'valid');
    assert.deepEqual(state('default', 'tcp')?.conditions.map((c) => c.reason), ['RoutesNotServedOverTls']);
    assert.equal(status.sinks['sink-xds']?.nacksTotal, 0, 'Envoy rejected nothing');
  });

  it('without the tcp-proxy plugin, warns FeatureDisabled on the root and keeps other hosts working', async (t) => {
    const ca = createCertificateAuthority();
    const tlsEcho = await startTlsEchoBackend(ca.issueServerCertificate(['pass.example.com']));
    const web = await startEchoBackend('web');
    t.after(() => Promise.all([tlsEcho.close(), web.close()]));
    const stack = await startStack(t, {
      config: { plugins: ['source-file', 'sink-xds'] },
      files: {
        'svc.yaml': [serviceYaml('default', 'tls-echo', 443, tlsEcho.port), serviceYaml('default', 'web', 80, web.port)].join('---\n'),
        'pass.yaml': passthroughRoot,
        'web.yaml': webRoot,
      },
    });
    const r = await eventually(async () => {
      const res = await stack.get('/', { host: 'web.example.com' });
      assert.equal(res.status, 200, res.body);
      return res;
    });
    assert.equal(r.json<EchoReply>().backend, 'web');
    const pass = (await stack.status()).objects.find((o) => o.ref.name === 'pass');
    assert.equal(pass?.state, 'warning');
    assert.deepEqual(pass?.conditions.map((c) => [c.reason, c.field]), [['FeatureDisabled', 'spec.tcpproxy']]);
    assert.match(pass!.conditions[0]!.message, /"tcp-proxy" plugin/);
    await assert.rejects(tlsExchange({ port: stack.httpsPort, servername: 'pass.example.com', ca: ca.certPem, payload: Buffer.from('x'), timeoutMs: 2000 }));
    assert.equal(tlsEcho.connections, 0, 'nothing reached the passthrough backend');
  });
});

/**
 * TLSRoute from files through a real Envoy: a Gateway's TLS passthrough listener picks the backend by
 * SNI and hands the client's TLS to it untouched (the backend's certificate is what the client sees);
 * a hostname no route names is refused.
 */
import assert from 'node:assert/strict';
import { randomBytes, X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { createCertificateAuthority } from './harness/certs.js';
import { eventually } from './harness/eventually.js';
import { gatewayYaml } from './harness/gateway-yaml.js';
import { startStack } from './harness/isobar-stack.js';
import { serviceYaml } from './harness/k8s-yaml.js';
import { freePorts } from './harness/ports.js';
import { startTlsEchoBackend } from './harness/stream-echo-backend.js';
import { tlsExchange } from './harness/tls-exchange.js';

const tlsRoute = (name: string, host: string, backend: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata: { name: ${name}, namespace: infra }
spec:
  parentRefs: [{ name: gw }]
  hostnames: [${host}]
  rules: [{ backendRefs: [{ name: ${backend}, port: 443 }] }]
`;

describe('Gateway API TLSRoute (file source)', () => {
  it('passes TLS through to the backend chosen by SNI', async (t) => {
    const ca = createCertificateAuthority();
    const aCert = ca.issueServerCertificate(['a.example.com']);
    const bCert = ca.issueServerCertificate(['b.example.com']);
    const a = await startTlsEchoBackend(aCert);
    const b = await startTlsEchoBackend(bCert);
    t.after(() => Promise.all([a.close(), b.close()]));
    const [port] = await freePorts(1);
    await startStack(t, {
      config: { plugins: ['source-file', 'sink-xds', 'api-gateway', 'tcp-proxy'] },
      files: {
        'svc.yaml': `${serviceYaml('infra', 'a', 443, a.port)}---\n${serviceYaml('infra', 'b', 443, b.port)}`,
        'gw.yaml': gatewayYaml('infra', 'gw', [`{ name: tls, port: ${port}, protocol: TLS, tls: { mode: Passthrough } }`]),
        'routes.yaml': `${tlsRoute('a', 'a.example.com', 'a')}---\n${tlsRoute('b', 'b.example.com', 'b')}`,
      },
    });
    const exchange = (servername: string, payload: Buffer) => tlsExchange({ port: port!, servername, ca: ca.certPem, payload });
    const payload = randomBytes(32 * 1024);
    const viaA = await eventually(() => exchange('a.example.com', payload));
    assert.ok(viaA.received.equals(payload));
    assert.equal(viaA.peerCertificate.fingerprint256, new X509Certificate(aCert.certPem).fingerprint256, 'the backend terminated TLS, not Envoy');
    const viaB = await exchange('b.example.com', payload);
    assert.equal(viaB.peerCertificate.fingerprint256, new X509Certificate(bCert.certPem).fingerprint256);
    await assert.rejects(tlsExchange({ port: port!, servername: 'c.example.com', ca: ca.certPem, payload: Buffer.from('x'), timeoutMs: 2000 }));
  });
});

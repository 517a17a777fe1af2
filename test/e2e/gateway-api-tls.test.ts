/**
 * TLSRoute from files through a real Envoy: a Gateway's TLS passthrough listener picks the backend by
 * SNI and hands the client's TLS to it untouched (the backend's certificate is what the client sees);
 * a hostname no route names is refused. A TLS listener in mode Terminate ends TLS with its own certificate
 * and proxies the plain bytes, on the same port as the passthrough one (chosen by SNI).
 */
import assert from 'node:assert/strict';
import { randomBytes, X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { createCertificateAuthority } from './harness/certs.js';
import { eventually } from './harness/eventually.js';
import { gatewayYaml } from './harness/gateway-yaml.js';
import { startStack } from './harness/isobar-stack.js';
import { serviceYaml, tlsSecretYaml } from './harness/k8s-yaml.js';
import { freePorts } from './harness/ports.js';
import { startTcpEchoBackend, startTlsEchoBackend } from './harness/stream-echo-backend.js';
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

  it('terminates TLS with the listener\'s certificate and proxies the plain bytes, beside passthrough on one port', async (t) => {
    const ca = createCertificateAuthority();
    const listenerCert = ca.issueServerCertificate(['term.example.com']);
    const passCert = ca.issueServerCertificate(['pass.example.com']);
    const plain = await startTcpEchoBackend();
    const pass = await startTlsEchoBackend(passCert);
    t.after(() => Promise.all([plain.close(), pass.close()]));
    const [port] = await freePorts(1);
    await startStack(t, {
      config: { plugins: ['source-file', 'sink-xds', 'api-gateway', 'tcp-proxy'] },
      files: {
        'svc.yaml': `${serviceYaml('infra', 'plain', 3000, plain.port)}---\n${serviceYaml('infra', 'pass', 443, pass.port)}`,
        'cert.yaml': tlsSecretYaml('infra', 'term-cert', listenerCert.certPem, listenerCert.keyPem),
        'gw.yaml': gatewayYaml('infra', 'gw', [
          `{ name: term, port: ${port}, protocol: TLS, hostname: term.example.com, tls: { mode: Terminate, certificateRefs: [{ name: term-cert }] } }`,
          `{ name: pass, port: ${port}, protocol: TLS, hostname: pass.example.com, tls: { mode: Passthrough } }`,
        ]),
        'routes.yaml': `${tlsRoute('term', 'term.example.com', 'plain').replace('port: 443', 'port: 3000')}---\n${tlsRoute('pass', 'pass.example.com', 'pass')}`,
      },
    });
    const payload = randomBytes(16 * 1024);
    const terminated = await eventually(() => tlsExchange({ port: port!, servername: 'term.example.com', ca: ca.certPem, payload }));
    assert.ok(terminated.received.equals(payload), 'the plain backend echoed what the client sent through TLS');
    assert.equal(terminated.peerCertificate.fingerprint256, new X509Certificate(listenerCert.certPem).fingerprint256, 'Envoy terminated with the listener certificate');
    const passed = await tlsExchange({ port: port!, servername: 'pass.example.com', ca: ca.certPem, payload });
    assert.equal(passed.peerCertificate.fingerprint256, new X509Certificate(passCert.certPem).fingerprint256, 'the passthrough listener still hands TLS to its backend');
  });
});

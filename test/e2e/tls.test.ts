/** TLS from spec.tls through a real Envoy: SNI picks the certificate, force-ssl-redirect, allow-http. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCertificateAuthority } from './harness/certs.js';
import { startEchoBackend, type EchoReply } from './harness/echo-backend.js';
import { eventually } from './harness/eventually.js';
import { startStack } from './harness/isobar-stack.js';
import { serviceYaml, tlsSecretYaml } from './harness/k8s-yaml.js';

function tlsIngress(name: string, host: string, secret: string, annotations: Record<string, string>): string {
  const ann = Object.entries(annotations).map(([k, v]) => `    ${k}: "${v}"`).join('\n');
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: web
  annotations:
${ann || '    {}'}
spec:
  tls:
  - hosts: [${host}]
    secretName: ${secret}
  rules:
  - host: ${host}
    http:
      paths:
      - { path: /, pathType: Prefix, backend: { service: { name: app, port: { number: 80 } } } }
`;
}

describe('TLS', () => {
  it('serves each host its own certificate by SNI, redirects, honours allow-http, and survives a missing secret', async (t) => {
    const app = await startEchoBackend('app');
    t.after(() => app.close());
    const ca = createCertificateAuthority();
    const a = ca.issueServerCertificate(['a.example.com']);
    const b = ca.issueServerCertificate(['b.example.com']);
    const stack = await startStack(t, {
      config: { 'listeners.https.redirectPort': 8443 },
      files: {
        'svc.yaml': serviceYaml('web', 'app', 80, app.port),
        'secrets.yaml': [tlsSecretYaml('web', 'a-cert', a.certPem, a.keyPem), tlsSecretYaml('web', 'b-cert', b.certPem, b.keyPem)].join('---\n'),
        'a.yaml': tlsIngress('a', 'a.example.com', 'a-cert', { 'ingress.kubernetes.io/force-ssl-redirect': 'true' }),
        'b.yaml': tlsIngress('b', 'b.example.com', 'b-cert', { 'kubernetes.io/ingress.allow-http': 'false' }),
        'c.yaml': tlsIngress('c', 'c.example.com', 'missing-cert', {}),
      },
    });
    const tls = { ca: ca.certPem };

    const ra = await eventually(async () => {
      const r = await stack.get('/pay', { host: 'a.example.com', tls });
      assert.equal(r.status, 200, r.body);
      return r;
    });
    assert.match(ra.peerCertificate?.subjectaltname ?? '', /a\.example\.com/);
    assert.equal(ra.json<EchoReply>().headers['x-forwarded-proto'], 'https');
    const rb = await stack.get('/', { host: 'b.example.com', tls });
    assert.match(rb.peerCertificate?.subjectaltname ?? '', /b\.example\.com/, 'SNI selects b’s certificate');

    const redirect = await stack.get('/pay?x=1', { host: 'a.example.com' });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.location, 'https://a.example.com:8443/pay?x=1');

    assert.equal((await stack.get('/', { host: 'b.example.com' })).status, 404, 'allow-http=false: no plain HTTP route');

    // The Ingress whose secret is missing is still served over HTTP, and says why it has no TLS.
    assert.equal((await stack.get('/', { host: 'c.example.com' })).status, 200);
    await assert.rejects(stack.get('/', { host: 'c.example.com', tls }), 'no certificate for c.example.com');
    const c = (await stack.status()).objects.find((o) => o.ref.name === 'c');
    assert.equal(c?.state, 'warning');
    assert.match(c!.conditions[0]!.message, /Secret web\/missing-cert not found/);

    // Adding the secret later turns TLS on for c without touching a or b.
    const cc = ca.issueServerCertificate(['c.example.com']);
    await stack.write('c-secret.yaml', tlsSecretYaml('web', 'missing-cert', cc.certPem, cc.keyPem));
    await eventually(async () => assert.equal((await stack.get('/', { host: 'c.example.com', tls })).status, 200));
    assert.equal((await stack.get('/', { host: 'a.example.com', tls })).status, 200);
  });
});

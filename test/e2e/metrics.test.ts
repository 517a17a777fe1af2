/** isobar's /metrics from a running App with a real Envoy: prom-client defaults, isobar's series, and their values. */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createCertificateAuthority } from './harness/certs.js';
import { startEchoBackend } from './harness/echo-backend.js';
import { eventually } from './harness/eventually.js';
import { request } from './harness/http-client.js';
import { startStack, type IsobarStack } from './harness/isobar-stack.js';
import { serviceYaml, tlsSecretYaml } from './harness/k8s-yaml.js';
import { parseExposition, sampleValue, samplesOf, type Exposition } from '../support/metrics/prometheus-text.js';

const ingress = (name: string, host: string, service: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: ${name}, namespace: web }
spec:
  tls:
  - hosts: [${host}]
    secretName: cert
  rules:
  - host: ${host}
    http:
      paths:
      - { path: /, pathType: Prefix, backend: { service: { name: ${service}, port: { number: 80 } } } }
`;

async function scrape(stack: IsobarStack): Promise<{ exp: Exposition; contentType: string }> {
  const r = await request({ port: stack.app.adminPort, path: '/metrics' });
  assert.equal(r.status, 200);
  return { exp: parseExposition(r.body), contentType: String(r.headers['content-type']) };
}

describe('metrics', () => {
  it('serves default, build, object, TLS and xDS metrics with the values behind them', async (t) => {
    const app = await startEchoBackend('app');
    t.after(() => app.close());
    const ca = createCertificateAuthority();
    const cert = ca.issueServerCertificate(['a.example.com'], { validDays: 30 });
    const stack = await startStack(t, {
      files: {
        'svc.yaml': serviceYaml('web', 'app', 80, app.port),
        'secret.yaml': tlsSecretYaml('web', 'cert', cert.certPem, cert.keyPem),
        'a.yaml': ingress('a', 'a.example.com', 'app'),
        'b.yaml': ingress('b', 'b.example.com', 'missing'),
      },
    });
    await eventually(async () => assert.equal((await stack.get('/', { host: 'a.example.com', tls: { ca: ca.certPem } })).status, 200));

    const { exp, contentType } = await scrape(stack);
    assert.match(contentType, /^text\/plain; version=0\.0\.4/);
    // prom-client's process and Node.js metrics
    assert.ok(sampleValue(exp, 'process_cpu_seconds_total') > 0);
    assert.ok(sampleValue(exp, 'nodejs_heap_size_used_bytes') > 0);
    // build info from package.json and the running Node
    const version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    assert.equal(sampleValue(exp, 'isobar_build_info', { version, node_version: process.versions.node }), 1);
    // counters with nothing to count yet are there, at 0
    assert.equal(sampleValue(exp, 'isobar_build_errors_total'), 0);
    assert.equal(sampleValue(exp, 'isobar_envoy_rejections_total', { outcome: 'quarantined' }), 0);
    for (const type of ['listener', 'route', 'cluster', 'endpoint', 'secret']) assert.equal(sampleValue(exp, 'isobar_xds_nacks_total', { type }), 0, type);
    assert.ok(sampleValue(exp, 'isobar_xds_pushes_total', { type: 'listener' }) >= 1);
    assert.equal(sampleValue(exp, 'isobar_xds_connected_clients'), 1);
    // the build histogram
    const full = sampleValue(exp, 'isobar_builds_total', { kind: 'full' });
    assert.ok(full >= 1);
    assert.equal(sampleValue(exp, 'isobar_build_duration_seconds_count', { kind: 'full' }), full);
    assert.equal(sampleValue(exp, 'isobar_build_duration_seconds_bucket', { kind: 'full', le: '+Inf' }), full);
    assert.ok(sampleValue(exp, 'isobar_build_duration_seconds_sum', { kind: 'full' }) > 0);
    assert.equal(exp.types.get('isobar_build_duration_seconds'), 'histogram');
    assert.ok(Math.abs(sampleValue(exp, 'isobar_last_successful_build_timestamp_seconds') - Date.now() / 1000) < 120);
    // objects per state agree with what /status says of each object
    const status = await stack.status();
    for (const state of ['valid', 'warning', 'invalid', 'orphaned']) {
      const want = status.objects.filter((o) => o.ref.kind === 'Ingress' && o.ref.namespace === 'web' && o.state === state).length;
      assert.equal(sampleValue(exp, 'isobar_objects', { kind: 'Ingress', namespace: 'web', state }), want, state);
    }
    assert.equal(sampleValue(exp, 'isobar_objects', { kind: 'Ingress', namespace: 'web', state: 'valid' }), 1, 'a is valid; b names a missing Service');
    // the certificate's notAfter
    assert.equal(sampleValue(exp, 'isobar_tls_certificate_expiry_timestamp_seconds', { namespace: 'web', name: 'cert' }), Date.parse(new X509Certificate(cert.certPem).validTo) / 1000);

    // A change: one more change-to-publish observation; b leaves the counts and the deleted Secret its series.
    const published = sampleValue(exp, 'isobar_change_to_publish_seconds_count');
    await stack.remove('b.yaml');
    await stack.remove('secret.yaml');
    await eventually(async () => {
      const after = (await scrape(stack)).exp;
      assert.ok(sampleValue(after, 'isobar_change_to_publish_seconds_count') > published);
      assert.ok(sampleValue(after, 'isobar_change_to_publish_seconds_sum') > 0);
      const ingresses = samplesOf(after, 'isobar_objects', { kind: 'Ingress', namespace: 'web' });
      assert.equal(ingresses.length, 4, 'one series per state');
      assert.equal(ingresses.reduce((n, x) => n + x.value, 0), 1, 'only a is left');
      assert.deepEqual(samplesOf(after, 'isobar_tls_certificate_expiry_timestamp_seconds'), [], 'the deleted Secret has no series left');
    });
  });
});

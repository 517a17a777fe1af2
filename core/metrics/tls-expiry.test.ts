import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { Metrics } from '../metrics.js';
import { createCertificateAuthority } from '../pki/certificate-authority.js';
import { ObjectStore } from '../store/object-store.js';
import { TlsExpiryGauge } from './tls-expiry.js';
import type { K8sObject } from '../model/k8s-object.js';
import { sourced } from '../../test/fixtures/objects.js';
import { parseExposition, samplesOf } from '../../test/support/metrics/prometheus-text.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const secret = (namespace: string, name: string, data: Record<string, string>): K8sObject =>
  ({ apiVersion: 'v1', kind: 'Secret', metadata: { namespace, name }, type: 'kubernetes.io/tls', data }) as K8sObject;

async function expiries(m: Metrics): Promise<Record<string, number>> {
  const exp = parseExposition(await m.text());
  return Object.fromEntries(samplesOf(exp, 'isobar_tls_certificate_expiry_timestamp_seconds').map((s) => [`${s.labels['namespace']}/${s.labels['name']}`, s.value]));
}

describe('TlsExpiryGauge', () => {
  it('reports each TLS Secret certificate notAfter, follows changes, and drops deleted or unreadable Secrets', async () => {
    const ca = createCertificateAuthority();
    const short = ca.issueServerCertificate(['a.test'], { validDays: 3 });
    const long = ca.issueServerCertificate(['a.test'], { validDays: 90 });
    const notAfter = (pem: string) => Date.parse(new X509Certificate(pem).validTo) / 1000;
    const m = new Metrics({ defaultMetrics: false });
    const g = new TlsExpiryGauge(m);
    const store = new ObjectStore();

    store.replaceAll('s', [
      sourced()(secret('web', 'a', { 'tls.crt': b64(short.certPem), 'tls.key': b64(short.keyPem) })),
      sourced()(secret('web', 'broken', { 'tls.crt': b64('not a certificate') })),
      sourced()(secret('web', 'opaque', { password: b64('x') })),
    ]);
    g.update(store);
    assert.deepEqual(await expiries(m), { 'web/a': notAfter(short.certPem) });
    assert.ok(notAfter(short.certPem) > Date.now() / 1000 + 2 * 86_400, 'the value is a future Unix time in seconds');

    store.replaceAll('s', [
      sourced()(secret('web', 'a', { 'tls.crt': b64(long.certPem), 'tls.key': b64(long.keyPem) })),
      sourced()(secret('ops', 'b', { 'tls.crt': b64(short.certPem) })),
    ]);
    g.update(store);
    assert.deepEqual(await expiries(m), { 'web/a': notAfter(long.certPem), 'ops/b': notAfter(short.certPem) });

    store.replaceAll('s', [sourced()(secret('ops', 'b', { 'tls.crt': b64('garbage') }))]);
    g.update(store);
    assert.deepEqual(await expiries(m), {});
  });

  it('skips Secrets whose values are not strings (found by the fuzz storm: a build threw and published nothing)', async () => {
    const ca = createCertificateAuthority();
    const good = ca.issueServerCertificate(['a.test'], { validDays: 30 });
    const m = new Metrics({ defaultMetrics: false });
    const g = new TlsExpiryGauge(m);
    const store = new ObjectStore();
    const odd = (name: string, body: Record<string, unknown>) =>
      sourced()({ apiVersion: 'v1', kind: 'Secret', metadata: { namespace: 'web', name }, ...body } as unknown as K8sObject);
    store.replaceAll('s', [
      odd('bool', { data: { 'tls.crt': true } }),
      odd('number', { stringData: { 'tls.crt': 5 }, data: { 'tls.crt': [1, 2] } }),
      odd('null', { data: { 'tls.crt': null } }),
      sourced()(secret('web', 'good', { 'tls.crt': b64(good.certPem) })),
    ]);
    assert.doesNotThrow(() => g.update(store));
    assert.deepEqual(Object.keys(await expiries(m)), ['web/good']);
  });
});

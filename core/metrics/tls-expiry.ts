import { X509Certificate } from 'node:crypto';
import type { Gauge } from 'prom-client';
import type { Metrics } from '../metrics.js';
import type { Secret } from '../model/kinds.js';
import { secretData } from '../processors/tls-secret-resolver.js';
import type { StoreReader } from '../store/object-store.js';

/**
 * isobar_tls_certificate_expiry_timestamp_seconds{namespace,name}: the notAfter of the (first) certificate
 * in each Secret's tls.crt, for alerts before a certificate runs out. A certificate is parsed only when
 * its PEM text changed since the last update, so a build that leaves Secrets alone costs one string
 * comparison per Secret. Secrets without a parseable certificate have no series; deleted ones lose theirs.
 */
export class TlsExpiryGauge {
  private readonly gauge: Gauge<'namespace' | 'name'>;
  private seen = new Map<string, { namespace: string; name: string; pem: string; notAfter: number | undefined }>();

  constructor(metrics: Metrics) {
    this.gauge = metrics.gauge({
      name: 'isobar_tls_certificate_expiry_timestamp_seconds',
      help: 'When the certificate in a Secret\'s tls.crt expires (notAfter), as Unix seconds.',
      labelNames: ['namespace', 'name'],
    });
  }

  update(store: StoreReader): void {
    const next = new Map<string, { namespace: string; name: string; pem: string; notAfter: number | undefined }>();
    for (const { object } of store.list<Secret>('Secret')) {
      const pem = secretData(object, 'tls.crt');
      if (!pem) continue;
      const namespace = object.metadata.namespace ?? '';
      const name = object.metadata.name;
      if (typeof namespace !== 'string' || typeof name !== 'string') continue;
      const key = `${namespace}/${name}`;
      const prev = this.seen.get(key);
      const notAfter = prev?.pem === pem ? prev.notAfter : notAfterSeconds(pem);
      next.set(key, { namespace, name, pem, notAfter });
    }
    for (const [key, e] of this.seen) {
      if (next.get(key)?.notAfter === undefined && e.notAfter !== undefined) this.gauge.remove({ namespace: e.namespace, name: e.name });
    }
    for (const e of next.values()) if (e.notAfter !== undefined) this.gauge.set({ namespace: e.namespace, name: e.name }, e.notAfter);
    this.seen = next;
  }
}

function notAfterSeconds(pem: string): number | undefined {
  try {
    return Date.parse(new X509Certificate(pem).validTo) / 1000;
  } catch {
    return undefined; // the resolver reports a bad certificate where a route uses it
  }
}

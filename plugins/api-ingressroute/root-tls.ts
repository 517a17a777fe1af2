import { certificateCovers, resolveTlsSecret, type BuildContext, type DagSecret, type IngressRoute, type StoredObject } from '../../core/index.js';

export interface RootTls {
  secret?: DagSecret;
  minVersion?: '1.1' | '1.2' | '1.3';
  passthrough: boolean;
}

const VERSIONS = new Set(['1.1', '1.2', '1.3']);

/**
 * `spec.virtualhost.tls` of a root. A missing or broken secret refuses the whole root ('invalid'):
 * serving its routes over plain HTTP instead would silently drop the TLS its owner asked for.
 */
export function rootTls(ctx: BuildContext, root: StoredObject<IngressRoute>): RootTls | 'invalid' {
  const tls = root.object.spec.virtualhost?.tls;
  if (!tls) return { passthrough: false };
  const field = 'spec.virtualhost.tls';
  if (tls.passthrough) {
    if (tls.secretName) ctx.status.warn(root, 'TLSConflict', 'passthrough leaves TLS to the backend; secretName is ignored', `${field}.secretName`);
    return { passthrough: true };
  }
  if (!tls.secretName) {
    ctx.status.reject(root, 'TLSSecretMissing', 'tls needs secretName (or passthrough: true)', field);
    return 'invalid';
  }
  const ns = root.object.metadata.namespace ?? '';
  const res = resolveTlsSecret(ctx.store, ns, tls.secretName);
  if ('problem' in res) {
    ctx.status.reject(root, res.reason, res.problem, `${field}.secretName`);
    return 'invalid';
  }
  const fqdn = root.object.spec.virtualhost!.fqdn;
  if (!certificateCovers(res.certificate, fqdn)) {
    ctx.status.warn(root, 'CertificateHostMismatch', `certificate in Secret ${ns}/${tls.secretName} does not cover ${fqdn}; clients will see a name mismatch`, `${field}.secretName`);
  }
  const out: RootTls = { secret: res.secret, passthrough: false };
  const v = tls.minimumProtocolVersion;
  if (v !== undefined) {
    if (VERSIONS.has(String(v))) out.minVersion = String(v) as RootTls['minVersion'];
    else ctx.status.warn(root, 'TLSVersionInvalid', `minimumProtocolVersion "${v}" is not 1.1, 1.2 or 1.3; using 1.2`, `${field}.minimumProtocolVersion`);
  }
  return out;
}

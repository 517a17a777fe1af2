import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { DagSecret } from '../dag/dag-types.js';
import type { Secret } from '../model/kinds.js';
import type { StoreReader } from '../store/object-store.js';

export type SecretResult = { secret: DagSecret; certificate: X509Certificate } | { problem: string; reason: string };

/**
 * A `kubernetes.io/tls` Secret as an SDS secret, checked the way Envoy would load it: both PEM blocks
 * present and parseable, and the key belonging to the certificate. A bad secret is reported here, before
 * Envoy could reject the listener that uses it.
 */
export function resolveTlsSecret(store: StoreReader, namespace: string, name: string): SecretResult {
  const obj = store.get<Secret>('Secret', namespace, name)?.object;
  if (!obj) return { reason: 'SecretNotFound', problem: `Secret ${namespace}/${name} not found` };
  if (obj.type && obj.type !== 'kubernetes.io/tls' && obj.type !== 'Opaque') {
    return { reason: 'SecretInvalid', problem: `Secret ${namespace}/${name} has type ${obj.type}, want kubernetes.io/tls` };
  }
  const cert = secretData(obj, 'tls.crt');
  const key = secretData(obj, 'tls.key');
  if (!cert || !key) return { reason: 'SecretInvalid', problem: `Secret ${namespace}/${name} lacks tls.crt or tls.key` };
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch (err) {
    return { reason: 'SecretInvalid', problem: `Secret ${namespace}/${name}: tls.crt is not a PEM certificate (${(err as Error).message})` };
  }
  try {
    if (!certificate.checkPrivateKey(createPrivateKey(key))) {
      return { reason: 'SecretInvalid', problem: `Secret ${namespace}/${name}: tls.key does not belong to tls.crt` };
    }
  } catch (err) {
    return { reason: 'SecretInvalid', problem: `Secret ${namespace}/${name}: tls.key is not a PEM private key (${(err as Error).message})` };
  }
  return { secret: { name: `${namespace}/${name}`, certificateChain: cert, privateKey: key }, certificate };
}

/**
 * A Secret's value for `key`, decoded: stringData wins over data, as the API server would merge them.
 * Anything but a non-empty string counts as absent.
 */
export function secretData(s: Secret, key: string): string | undefined {
  // Objects from files are not checked against the Secret schema: a value may be anything YAML can say.
  const plain: unknown = s.stringData?.[key];
  if (typeof plain === 'string' && plain !== '') return plain;
  const b64: unknown = s.data?.[key];
  return typeof b64 === 'string' && b64 !== '' ? Buffer.from(b64, 'base64').toString('utf8') : undefined;
}

/** Whether the certificate is valid for the host (wildcard hosts checked by a sample name). */
export function certificateCovers(certificate: X509Certificate, host: string): boolean {
  const probe = host.startsWith('*.') ? `isobar-probe${host.slice(1)}` : host;
  return certificate.checkHost(probe) !== undefined;
}

import { resolveTlsSecret, type DagSecret, type StoreReader, type StoredObject } from '../../core/index.js';
import { GROUP, type GatewayListener, type SecretObjectReference } from './gateway-types.js';
import { referencePermitted } from './reference-grants.js';

export type ListenerTls = { secret: DagSecret } | { reason: 'InvalidCertificateRef' | 'RefNotPermitted'; message: string };

/**
 * An HTTPS listener's certificate: the first of its certificateRefs, which must be a core Secret holding a
 * certificate and the key of it; another namespace's Secret needs a ReferenceGrant from the namespace of the
 * listener's `owner`, for its kind (a Gateway's grant does not serve its ListenerSets, nor the reverse).
 */
export function listenerTls(store: StoreReader, owner: StoredObject, l: GatewayListener): ListenerTls {
  const refs = l.tls?.certificateRefs ?? [];
  if (refs.length === 0) return { reason: 'InvalidCertificateRef', message: 'an HTTPS listener needs tls.certificateRefs' };
  return gatewayCertificate(store, owner, refs[0]!, 'certificateRefs[0]');
}

/**
 * A certificate and its key a Gateway (or ListenerSet) names (`what`: where, for messages): a core Secret,
 * another namespace's with a ReferenceGrant for the owner's kind.
 */
export function gatewayCertificate(store: StoreReader, owner: StoredObject, ref: SecretObjectReference, what: string): ListenerTls {
  const ns = owner.object.metadata.namespace ?? '';
  const kind = owner.object.kind;
  if ((ref.group ?? '') !== '' || (ref.kind ?? 'Secret') !== 'Secret') {
    return { reason: 'InvalidCertificateRef', message: `${what} is a ${ref.group ? `${ref.group}/` : ''}${ref.kind}; only core Secrets hold certificates` };
  }
  const target = ref.namespace ?? ns;
  const grant = { fromGroup: GROUP, fromKind: kind, fromNamespace: ns, toGroup: '', toKind: 'Secret', toNamespace: target, toName: ref.name };
  if (!referencePermitted(store, grant)) {
    return { reason: 'RefNotPermitted', message: `Secret ${target}/${ref.name} is in another namespace and no ReferenceGrant there allows ${kind}s of ${ns} to use it` };
  }
  const res = resolveTlsSecret(store, target, ref.name);
  if ('problem' in res) return { reason: 'InvalidCertificateRef', message: res.problem };
  return { secret: res.secret };
}

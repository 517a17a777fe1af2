import type { K8sObject } from '../../core/index.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const SECRET_KEYS = ['tls.crt', 'tls.key', 'ca.crt'];

/**
 * What isobar keeps of an API object: kind and apiVersion filled in (list items lack them), managed
 * fields and kubectl's last-applied copy dropped, Secrets cut down to their certificate keys. At 10k
 * objects this is most of the controller's memory.
 */
export function slimObject(raw: Record<string, unknown>, kind: string, apiVersion: string): K8sObject {
  const metadata = { ...(raw['metadata'] as K8sObject['metadata'] & { managedFields?: unknown }) };
  delete metadata.managedFields;
  if (metadata.annotations?.[LAST_APPLIED] !== undefined) {
    const { [LAST_APPLIED]: _dropped, ...rest } = metadata.annotations;
    metadata.annotations = rest;
  }
  const obj: K8sObject = { ...raw, apiVersion, kind, metadata };
  if (kind === 'Secret') {
    const data = (raw['data'] ?? {}) as Record<string, string>;
    obj['data'] = Object.fromEntries(SECRET_KEYS.filter((k) => data[k] !== undefined).map((k) => [k, data[k]]));
  }
  return obj;
}

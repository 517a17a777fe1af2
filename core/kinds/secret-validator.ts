import type { FieldIssues, Obj } from '../schema/field-issues.js';
import { base64, secretKey } from '../schema/formats.js';

const TLS_TYPE = 'kubernetes.io/tls';
const TLS_KEYS = ['tls.crt', 'tls.key'];

/**
 * Named checks of a v1 Secret (its schema says the types): `data` values are base64 (as the API decodes them), `stringData` is
 * plain text, and a kubernetes.io/tls Secret has both tls.crt and tls.key in one of them. Whether they hold
 * a usable certificate is checked later, where the Secret is used.
 */
export function validateSecret(obj: Obj, issues: FieldIssues): void {
  const type = issues.string(obj['type'], 'type');
  const data = issues.stringMap(obj['data'], 'data', (k) => `data[${k}]`, { key: secretKey, value: base64, secret: true });
  const stringData = issues.stringMap(obj['stringData'], 'stringData', (k) => `stringData[${k}]`, { key: secretKey, secret: true });
  if (type !== TLS_TYPE) return;
  // A map with errors comes back undefined; only report missing keys when the maps themselves were readable.
  if ((obj['data'] != null && !data) || (obj['stringData'] != null && !stringData)) return;
  for (const key of TLS_KEYS) {
    if (data?.[key] === undefined && stringData?.[key] === undefined) issues.required(`data[${key}]`, `a ${TLS_TYPE} Secret needs ${TLS_KEYS.join(' and ')}`);
  }
}

import { isIP } from 'node:net';

/**
 * The name formats the Kubernetes API server enforces (apimachinery's validation package), as predicates
 * that return an explanation when the value does not fit, undefined when it does.
 */
export type FormatCheck = (value: string) => string | undefined;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const dns1123Label: FormatCheck = (v) =>
  v.length > 63 ? 'must be no more than 63 characters' : DNS1123_LABEL.test(v) ? undefined : 'must be a lowercase RFC 1123 label (a-z, 0-9 and "-", starting and ending with a letter or digit)';

export const dns1123Subdomain: FormatCheck = (v) =>
  v.length > 253
    ? 'must be no more than 253 characters'
    : DNS1123_SUBDOMAIN.test(v)
      ? undefined
      : 'must be a lowercase RFC 1123 subdomain (a-z, 0-9, "-" and ".", starting and ending with a letter or digit)';

export const dns1035Label: FormatCheck = (v) =>
  v.length > 63 ? 'must be no more than 63 characters' : DNS1035_LABEL.test(v) ? undefined : 'must be a lowercase RFC 1035 label (a-z, 0-9 and "-", starting with a letter and ending with a letter or digit)';

/** IANA service name, the form of named ports: at most 15 characters, a letter somewhere, no "--". */
export const ianaServiceName: FormatCheck = (v) => {
  if (v.length === 0 || v.length > 15) return 'must be 1 to 15 characters';
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(v)) return 'must contain only a-z, 0-9 and "-", starting and ending with a letter or digit';
  if (v.includes('--')) return 'must not contain consecutive hyphens';
  if (!/[a-z]/.test(v)) return 'must contain at least one letter';
  return undefined;
};

/** Ingress hosts: a subdomain, optionally with a leading `*.` wildcard label, never an IP address. */
export const ingressHost: FormatCheck = (v) => {
  if (isIP(v) !== 0) return 'must be a DNS name, not an IP address';
  const bare = v.startsWith('*.') ? v.slice(2) : v;
  if (bare.includes('*')) return 'may only contain a wildcard as the whole leftmost label ("*.example.com")';
  return dns1123Subdomain(bare);
};

/** Label and annotation keys: an optional DNS-subdomain prefix and a slash, then a name part. */
export const qualifiedName: FormatCheck = (v) => {
  const slash = v.lastIndexOf('/');
  const [prefix, name] = slash >= 0 ? [v.slice(0, slash), v.slice(slash + 1)] : [undefined, v];
  if (prefix !== undefined && (prefix === '' || dns1123Subdomain(prefix))) return 'prefix must be a DNS subdomain';
  if (name.length === 0 || name.length > 63) return 'name part must be 1 to 63 characters';
  return QUALIFIED_NAME_PART.test(name) ? undefined : 'name part must consist of alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric';
};

export const labelValue: FormatCheck = (v) =>
  v.length > 63 ? 'must be no more than 63 characters' : LABEL_VALUE.test(v) ? undefined : 'must be empty or alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric';

export const secretKey: FormatCheck = (v) =>
  v.length > 253 ? 'must be no more than 253 characters' : SECRET_KEY.test(v) ? undefined : 'must consist of alphanumerics, "-", "_" or "."';

/** Standard base64 as Go decodes a []byte field: line breaks are skipped, padding is required. */
export const base64: FormatCheck = (v) => (BASE64.test(v.replace(/[\r\n]/g, '')) ? undefined : 'must be base64-encoded (use stringData for plain text)');

export const ipv4: FormatCheck = (v) => (isIP(v) === 4 ? undefined : 'must be an IPv4 address');
export const ipv6: FormatCheck = (v) => (isIP(v) === 6 ? undefined : 'must be an IPv6 address');
export const ipAddress: FormatCheck = (v) => (isIP(v) !== 0 ? undefined : 'must be an IP address');

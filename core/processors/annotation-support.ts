import type { StoredObject } from '../model/k8s-object.js';
import type { StatusRecorder } from '../status/status-recorder.js';

/**
 * The annotation prefixes isobar reads from. An annotation under one of them that isobar does not implement
 * would otherwise be dropped without a word, and the user would believe it took effect.
 */
export const READ_PREFIXES = ['nginx.ingress.kubernetes.io/', 'ingress.kubernetes.io/', 'kubernetes.io/ingress.', 'projectcontour.io/', 'contour.heptio.com/'];

/**
 * Annotation names (after the prefix) that restrict who may reach a route or how: allow- and deny-lists,
 * authentication, a WAF, rate limits, HTTPS-only and TLS settings. Ignoring one serves the route with
 * less protection than asked for, so its warning says so plainly.
 */
const SECURITY_NAMES = [
  /^(whitelist|allowlist|denylist|blacklist)-source-range$/,
  /^ip-(allow|deny)/,
  /^auth-/,
  /^satisfy$/,
  /^(enable-)?modsecurity/,
  /^enable-owasp-core-rules$/,
  /^limit-/,
  /^global-rate-limit/,
  /^(force-)?ssl-redirect$/,
  /^hsts/,
  /^ssl-ciphers$/,
  /^tls-(minimum|maximum)-protocol-version$/,
];

export function annotationField(key: string): string {
  return `metadata.annotations["${key}"]`;
}

/** A warning on `obj` for every annotation under a prefix isobar reads that is not in `implemented`. */
export function reportUnsupportedAnnotations(status: StatusRecorder, obj: StoredObject, implemented: ReadonlySet<string>): void {
  const keys = Object.keys(obj.object.metadata.annotations ?? {}).sort();
  for (const key of keys) {
    const prefix = READ_PREFIXES.find((p) => key.startsWith(p));
    if (prefix === undefined || implemented.has(key)) continue;
    const message = SECURITY_NAMES.some((re) => re.test(key.slice(prefix.length)))
      ? `security annotation "${key}" is not implemented by isobar: the restriction it asks for is NOT enforced, and this object's routes are served without it`
      : `annotation "${key}" is not implemented by isobar; it is ignored`;
    status.warn(obj, 'AnnotationNotSupported', message, annotationField(key));
  }
}

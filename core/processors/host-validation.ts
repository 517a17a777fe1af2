const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const HOST = new RegExp(`^(\\*\\.)?${LABEL}(\\.${LABEL})*$`);

/** Why a host is not a valid Kubernetes Ingress host, or undefined when it is. */
export function hostProblem(host: string): string | undefined {
  if (host.length > 253) return `host "${host}" is longer than 253 characters`;
  if (host.includes(':')) return `host "${host}" must not contain a port`;
  if (/^\d+(\.\d+){3}$/.test(host)) return `host "${host}" is an IP address; use a DNS name`;
  if (!HOST.test(host)) return `host "${host}" is not a lower-case DNS name (a leading "*." wildcard is allowed)`;
  const long = host.split('.').find((label) => label.length > 63);
  if (long) return `host "${host}" has a label longer than 63 characters ("${long.slice(0, 20)}…")`;
  return undefined;
}

/**
 * `*.example.com` matches exactly one more label in Kubernetes, but any number in Envoy's domain match;
 * this regex on :authority (port optional) restores the Kubernetes meaning. Envoy's domain match has
 * already checked the suffix, so counting labels is enough: the regex stays small however long the
 * host (a spelled-out 250-character host made a program RE2 refused).
 */
export function wildcardAuthorityRegex(host: string): string | undefined {
  if (!host.startsWith('*.')) return undefined;
  const labels = host.split('.').length - 1;
  return `^[^.]+(\\.[^.]+){${labels}}(:[0-9]+)?$`;
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

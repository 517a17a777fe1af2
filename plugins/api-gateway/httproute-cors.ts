import { escapeRegex, type CorsPolicy, type StringMatch } from '../../core/index.js';
import type { HttpCorsFilter } from './gateway-types.js';

/** A value of the filter isobar leaves out: the field below `cors`, and why. */
export interface CorsProblem {
  field: string;
  message: string;
}

/** `*`, or `http(s)://host(:port)` where the host may be `*` or begin with `*.` (the API's CORSOrigin). */
const ORIGIN = /^(https?):\/\/(\*|(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*)(:[0-9]{1,5})?$/;
/** What a wildcard stands for: one or more DNS labels, dots included (never a port, path or user part). */
const LABELS = '[-a-z0-9.]+';
/** An HTTP token (RFC 9110): a method or a header name. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** The API server's default for maxAge. */
export const DEFAULT_MAX_AGE_SECONDS = 5;

/**
 * How an allowed origin is matched against a request's Origin header, whole: `*` any origin; a `*` host
 * part any host on that scheme and port; a leading `*.` any name below the rest (`https://*.foo.com`
 * matches `https://a.b.foo.com`, not `https://foo.com`); anything else exactly. Scheme and host are
 * compared in lower case, as browsers send them. A string: why the origin is not one.
 */
export function originMatch(origin: string): StringMatch | string {
  if (origin === '*') return { kind: 'regex', value: '.*' };
  const m = ORIGIN.exec(origin.toLowerCase());
  if (!m) return `${JSON.stringify(origin)} is not an origin like "https://example.com", "https://*.example.com:8443" or "*"`;
  const [, scheme, host, port = ''] = m as unknown as [string, string, string, string | undefined];
  if (port && Number(port.slice(1)) > 65535) return `${JSON.stringify(origin)} has a port above 65535`;
  if (!host.startsWith('*')) return { kind: 'exact', value: `${scheme}://${host}${port}` };
  const rest = host === '*' ? '' : escapeRegex(host.slice(1));
  return { kind: 'regex', value: `${scheme}://${LABELS}${rest}${escapeRegex(port)}` };
}

/** The entries of a list that are HTTP tokens or `*`, in the order written; the others as problems. */
function tokens(values: readonly unknown[] | undefined, name: string, what: string, problems: CorsProblem[]): string[] {
  const out: string[] = [];
  (values ?? []).forEach((v, i) => {
    if (typeof v === 'string' && TOKEN.test(v)) {
      if (!out.includes(v)) out.push(v);
    } else problems.push({ field: `${name}[${i}]`, message: `${JSON.stringify(v)} is not ${what}; left out` });
  });
  return out;
}

/** An HTTPRoute CORS filter as core's policy; what cannot be used is left out and reported, the rest applies. */
export function readCorsFilter(filter: HttpCorsFilter): { policy: CorsPolicy; problems: CorsProblem[] } {
  const problems: CorsProblem[] = [];
  const allowOrigins: StringMatch[] = [];
  (filter.allowOrigins ?? []).forEach((o, i) => {
    const m = typeof o === 'string' ? originMatch(o) : `${JSON.stringify(o)} is not an origin`;
    if (typeof m === 'string') problems.push({ field: `allowOrigins[${i}]`, message: `${m}; left out` });
    else if (!allowOrigins.some((a) => a.kind === m.kind && a.value === m.value)) allowOrigins.push(m);
  });
  let maxAgeSeconds = DEFAULT_MAX_AGE_SECONDS;
  if (filter.maxAge !== undefined) {
    if (Number.isInteger(filter.maxAge) && filter.maxAge >= 1 && filter.maxAge <= 2 ** 31 - 1) maxAgeSeconds = filter.maxAge;
    else problems.push({ field: 'maxAge', message: `maxAge must be a whole number of seconds of at least 1, not ${JSON.stringify(filter.maxAge)}; using ${DEFAULT_MAX_AGE_SECONDS}` });
  }
  if (filter.allowCredentials !== undefined && typeof filter.allowCredentials !== 'boolean') {
    problems.push({ field: 'allowCredentials', message: `allowCredentials must be true or false, not ${JSON.stringify(filter.allowCredentials)}; using false` });
  }
  const policy: CorsPolicy = {
    allowOrigins,
    allowMethods: tokens(filter.allowMethods, 'allowMethods', 'an HTTP method or "*"', problems),
    allowHeaders: tokens(filter.allowHeaders, 'allowHeaders', 'a header name or "*"', problems),
    exposeHeaders: tokens(filter.exposeHeaders, 'exposeHeaders', 'a header name or "*"', problems),
    allowCredentials: filter.allowCredentials === true,
    maxAgeSeconds,
  };
  return { policy, problems };
}

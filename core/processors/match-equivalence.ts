import type { DagRoute, PathMatch } from '../dag/dag-types.js';

/** What selects requests on a host: the path match and the :authority restriction (wildcard hosts). */
export type RequestSelector = Pick<DagRoute, 'match' | 'authorityRegex' | 'headers' | 'queryParams' | 'method'>;

/**
 * Whether two routes on one host select exactly the same requests, whatever kinds their path matches
 * are written in: then only one of them can ever be reached, and that is a conflict. Each match is put
 * in a canonical form and the forms compared:
 * - Kubernetes `Prefix` ignores a trailing slash (`/foo/` ≡ `/foo`), and `Prefix /` is every path, as
 *   is a plain prefix `/` (every HTTP path starts with "/", so the empty prefix is `/` too);
 * - Envoy matches a regex against the whole path, so a leading `^` and a trailing unescaped `$` change
 *   nothing; a regex that is a literal followed by `.*` is that literal as a plain prefix (this is what
 *   an ImplementationSpecific path with a capturing rewrite-target becomes, so it must meet a plain
 *   `/app` on the same terms). Paths never contain a newline, so `.` matching all but "\n" is no gap.
 * - other regexes are equal only when written identically; an exact path against a regex that happens
 *   to match only that path is not detected (not worth an RE2 equivalence check).
 * The :authority condition is part of the match: a wildcard host's one-label route and an unrestricted
 * route on the same path select different requests.
 */
export function selectSameRequests(a: RequestSelector, b: RequestSelector): boolean {
  return requestKey(a) === requestKey(b);
}

/** Equal for two selectors exactly when `selectSameRequests` holds: for grouping many routes at once. */
export function requestKey(r: RequestSelector): string {
  const base = `${r.authorityRegex ?? ''}|${canonicalMatch(r.match)}`;
  if (!r.headers?.length && !r.queryParams?.length && r.method === undefined) return base;
  // The same conditions written in another order select the same requests.
  const conds = (l: DagRoute['headers'], lower: boolean) => (l ?? []).map((m) => `${lower ? m.name.toLowerCase() : m.name}=${m.kind}:${m.value}`).sort().join('&');
  return `${base}|${r.method ?? ''}|${conds(r.headers, true)}|${conds(r.queryParams, false)}`;
}

/** A string equal for two path matches exactly when they select the same paths (see above). */
export function canonicalMatch(m: PathMatch): string {
  switch (m.kind) {
    case 'exact':
      return `exact:${m.path}`;
    case 'prefix':
      return prefixForm(m.path);
    case 'segment-prefix': {
      const trimmed = m.path.replace(/\/+$/, '');
      return trimmed === '' ? prefixForm('/') : `segment:${trimmed}`;
    }
    case 'regex':
      return regexForm(m.pattern);
  }
}

function prefixForm(path: string): string {
  return `prefix:${path === '' ? '/' : path}`;
}

function regexForm(pattern: string): string {
  let p = pattern.startsWith('^') ? pattern.slice(1) : pattern;
  if (p.endsWith('$') && !escaped(p, p.length - 1)) p = p.slice(0, -1);
  if (p.endsWith('.*') && !escaped(p, p.length - 2)) {
    const literal = literalOf(p.slice(0, -2));
    if (literal !== undefined) return prefixForm(literal);
  }
  return `regex:${p}`;
}

/** Whether the character at `i` is escaped (preceded by an odd number of backslashes). */
function escaped(s: string, i: number): boolean {
  let n = 0;
  for (let j = i - 1; j >= 0 && s[j] === '\\'; j--) n++;
  return n % 2 === 1;
}

const META = new Set(['.', '^', '$', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '\\']);

/** The text a regex matches when it has no operators at all (escaped punctuation allowed), else undefined. */
function literalOf(re: string): string | undefined {
  let out = '';
  for (let i = 0; i < re.length; i++) {
    const c = re[i]!;
    if (c === '\\') {
      const next = re[i + 1];
      // `\.`, `\/`, `\-` … stand for themselves; `\d`, `\w`, `\1` … are classes or references.
      if (next === undefined || /[A-Za-z0-9]/.test(next)) return undefined;
      out += next;
      i++;
      continue;
    }
    if (META.has(c)) return undefined;
    out += c;
  }
  return out;
}

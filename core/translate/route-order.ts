import type { DagRoute, PathMatch } from '../dag/dag-types.js';
import { compareStrings } from '../util/compare.js';

/**
 * Envoy takes the first route that matches, so the most specific must come first: the routes of the
 * strongest host claim (hostRank), then exact paths, then
 * regexes, then prefixes longest first (a segment prefix before a plain prefix of the same text, since it
 * matches less), then routes with more conditions beyond the path (method, headers, query), routes
 * restricted to one host label before unrestricted ones, and finally owner order so the result never
 * depends on input order. Default-backend fallbacks go after everything else.
 */
export function compareRoutes(a: DagRoute, b: DagRoute): number {
  return (
    Number(a.fallback === true) - Number(b.fallback === true) ||
    (b.hostRank ?? 0) - (a.hostRank ?? 0) ||
    kindRank(a.match) - kindRank(b.match) ||
    matchLength(b.match) - matchLength(a.match) ||
    compareStrings(matchText(a.match), matchText(b.match)) ||
    prefixRank(a.match) - prefixRank(b.match) ||
    conditionRank(b) - conditionRank(a) ||
    Number(b.authorityRegex !== undefined) - Number(a.authorityRegex !== undefined) ||
    compareStrings(a.ownerRank, b.ownerRank)
  );
}

/**
 * Gateway API's precedence among routes of one path: a method match first, then the most header
 * matches, then the most query parameter matches (routes without any of these rank alike).
 */
function conditionRank(r: DagRoute): number {
  return Number(r.method !== undefined) * 1_000_000 + (r.headers?.length ?? 0) * 1_000 + (r.queryParams?.length ?? 0);
}

function kindRank(m: PathMatch): number {
  return m.kind === 'exact' ? 0 : m.kind === 'regex' ? 1 : 2;
}

function prefixRank(m: PathMatch): number {
  return m.kind === 'segment-prefix' ? 0 : 1;
}

function matchText(m: PathMatch): string {
  return m.kind === 'regex' ? m.pattern : m.path;
}

function matchLength(m: PathMatch): number {
  return matchText(m).length;
}

export function describeMatch(m: PathMatch): string {
  const labels: Record<PathMatch['kind'], string> = { exact: 'Exact', 'segment-prefix': 'Prefix', prefix: 'ImplementationSpecific', regex: 'regex' };
  return `${labels[m.kind]} ${matchText(m)}`;
}

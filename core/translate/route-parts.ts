import { HeaderValueOption, HeaderValueOption_HeaderAppendAction } from '../generated/envoy/config/core/v3/base.js';
import { FractionalPercent_DenominatorType } from '../generated/envoy/type/v3/percent.js';
import { HeaderMatcher, QueryParameterMatcher, RedirectAction, RedirectAction_RedirectResponseCode, type RouteAction_RequestMirrorPolicy, type Route, type RouteMatch } from '../generated/envoy/config/route/v3/route_components.js';
import type { DagRoute, HeaderEdits, RedirectTarget, RequestMirror, ValueMatch } from '../dag/dag-types.js';
import { clusterName } from './names.js';
import { matchedPrefix, prefixRewrite } from '../processors/path-rewrite.js';

/** What a route asks of a request beyond its path: headers, query parameters and method, all of them. */
export function requestConditions(r: DagRoute, match: RouteMatch): void {
  const headers = (r.headers ?? []).map((h) => HeaderMatcher.fromPartial({ name: h.name, stringMatch: stringMatch(h) }));
  if (r.method) headers.push(HeaderMatcher.fromPartial({ name: ':method', stringMatch: { exact: r.method } }));
  if (headers.length > 0) match.headers = [...match.headers, ...headers];
  if (r.queryParams?.length) match.queryParameters = r.queryParams.map((q) => QueryParameterMatcher.fromPartial({ name: q.name, stringMatch: stringMatch(q) }));
}

function stringMatch(m: ValueMatch): HeaderMatcher['stringMatch'] {
  return (m.kind === 'exact' ? { exact: m.value } : { safeRegex: { regex: m.value } }) as HeaderMatcher['stringMatch'];
}

/** Where Envoy takes header edits: a route, or one cluster of a weighted split. */
type HeaderEditFields = Pick<Route, 'requestHeadersToAdd' | 'requestHeadersToRemove' | 'responseHeadersToAdd' | 'responseHeadersToRemove'>;

/** Header edits of the request (before it goes upstream) and of the response, as Envoy's route (or cluster weight) fields. */
export function headerEdits(r: Pick<DagRoute, 'requestHeaders' | 'responseHeaders'>, out: Partial<HeaderEditFields>): void {
  if (r.requestHeaders) {
    out.requestHeadersToAdd = headerOptions(r.requestHeaders);
    out.requestHeadersToRemove = [...r.requestHeaders.remove];
  }
  if (r.responseHeaders) {
    out.responseHeadersToAdd = headerOptions(r.responseHeaders);
    out.responseHeadersToRemove = [...r.responseHeaders.remove];
  }
}

function headerOptions(e: HeaderEdits): HeaderValueOption[] {
  const option = (h: { name: string; value: string }, appendAction: HeaderValueOption_HeaderAppendAction): HeaderValueOption =>
    HeaderValueOption.fromPartial({ header: { key: h.name, value: h.value }, appendAction, keepEmptyValue: true });
  return [
    ...e.set.map((h) => option(h, HeaderValueOption_HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)),
    ...e.add.map((h) => option(h, HeaderValueOption_HeaderAppendAction.APPEND_IF_EXISTS_OR_ADD)),
  ];
}

const REDIRECT_CODES: Record<number, RedirectAction_RedirectResponseCode> = {
  301: RedirectAction_RedirectResponseCode.MOVED_PERMANENTLY,
  302: RedirectAction_RedirectResponseCode.FOUND,
  303: RedirectAction_RedirectResponseCode.SEE_OTHER,
  307: RedirectAction_RedirectResponseCode.TEMPORARY_REDIRECT,
  308: RedirectAction_RedirectResponseCode.PERMANENT_REDIRECT,
};

/** A redirect; a prefix replacement rewrites the part of the path the route's prefix matched. */
export function redirectAction(t: RedirectTarget, r: DagRoute): RedirectAction {
  const out = RedirectAction.fromPartial({ responseCode: REDIRECT_CODES[t.status] ?? RedirectAction_RedirectResponseCode.MOVED_PERMANENTLY });
  if (t.scheme) out.schemeRedirect = t.scheme;
  if (t.host) out.hostRedirect = t.host;
  if (t.port !== undefined) out.portRedirect = t.port;
  if (t.path?.kind === 'full') out.pathRedirect = t.path.value;
  if (t.path?.kind === 'prefix') {
    const rw = prefixRewrite(matchedPrefix(r.match), t.path.value);
    out.regexRewrite = { pattern: { regex: rw.pattern }, substitution: rw.substitution } as RedirectAction['regexRewrite'];
  }
  return out;
}

/** Copies of the requests to other backends; a percentage becomes a fraction per million. */
export function mirrorPolicies(mirrors: readonly RequestMirror[]): RouteAction_RequestMirrorPolicy[] {
  return mirrors.map((m) => ({
    cluster: clusterName(m.cluster),
    clusterHeader: '',
    ...(m.percent !== undefined && m.percent < 100
      ? { runtimeFraction: { defaultValue: { numerator: Math.round(m.percent * 10_000), denominator: FractionalPercent_DenominatorType.MILLION }, runtimeKey: '' } }
      : {}),
  })) as RouteAction_RequestMirrorPolicy[];
}

import { HeaderMatcher, Route, RouteAction_ClusterNotFoundResponseCode, RouteMatch, VirtualCluster, VirtualHost, type WeightedCluster_ClusterWeight } from '../generated/envoy/config/route/v3/route_components.js';
import { RouteConfiguration } from '../generated/envoy/config/route/v3/route.js';
import type { DagRoute, DagVirtualHost, PathMatch, RouteAction } from '../dag/dag-types.js';
import type { ObjectRef } from '../model/k8s-object.js';
import { clusterName, virtualHostName } from './names.js';
import { provenanceOf, type Provenance } from './provenance.js';
import { compareRoutes } from './route-order.js';
import { runHooks, type TranslatorHooks } from './translator-hooks.js';
import { sortedBy } from '../util/compare.js';
import { headerEdits, mirrorPolicies, redirectAction, requestConditions } from './route-parts.js';
import { CORS_FILTER_NAME, corsPerRouteConfig } from './cors-translator.js';

/** The cluster name of requests no backend can take: never a resource, so Envoy answers them itself. */
const UNUSABLE_BACKEND = 'isobar-unusable-backend';

/** Runs one object's part of a translation inside its failure boundary; undefined when it failed. */
export type Guard = <T>(owner: ObjectRef, fn: () => T) => T | undefined;
export const unguarded: Guard = (_owner, fn) => fn();

export interface RouteSettings {
  /** Port put in HTTPS redirects. */
  redirectPort: number;
  /** A virtual cluster per virtual host, for Envoy's per-host stats (see TranslateSettings). */
  perHostStats: boolean;
  /** The listener keeps the Host header's port (ListenerDefinition.keepHostPort): match hosts ignoring it. */
  ignorePortInHostMatching?: boolean;
}

/**
 * Envoy keeps request stats of a virtual host only for its virtual clusters; this one takes every request
 * (each has a :method). Requests Envoy answers itself (redirects, direct responses) never go upstream and
 * are not counted.
 */
export const ALL_REQUESTS_CLUSTER = 'all';
const allRequests = (): VirtualCluster[] => [VirtualCluster.fromPartial({ name: ALL_REQUESTS_CLUSTER, headers: [{ name: ':method', presentMatch: true }] })];

/** `provenance`, when given, receives who made each virtual host and route, in emitted order. */
export function translateRouteConfiguration(
  name: string,
  vhosts: Iterable<DagVirtualHost>,
  hooks: readonly TranslatorHooks[],
  settings: RouteSettings,
  guard: Guard = unguarded,
  provenance?: Provenance,
): RouteConfiguration {
  const made = sortedBy(vhosts, (v) => v.host)
    .filter((v) => v.routes.length > 0)
    .map((v) => translateVirtualHost(v, hooks, settings, guard));
  if (provenance) provenance.children = { virtual_hosts: made.map((m) => m.provenance) };
  return RouteConfiguration.fromPartial({ name, virtualHosts: made.map((m) => m.out), ...(settings.ignorePortInHostMatching ? { ignorePortInHostMatching: true } : {}) });
}

function translateVirtualHost(vh: DagVirtualHost, hooks: readonly TranslatorHooks[], settings: RouteSettings, guard: Guard): { out: VirtualHost; provenance: Provenance } {
  const routes: Route[] = [];
  const owners: Provenance[] = [];
  for (const r of [...vh.routes].sort(compareRoutes)) {
    // Encoding inside the guard: a value no proto field can hold (a uint32 over 2^32) fails this route's
    // owner here, not the whole route configuration later.
    const out = guard(r.owner, () => {
      const o = translateRoute(r, settings.redirectPort);
      runHooks(hooks, 'route', r, o);
      Route.encode(o);
      return o;
    });
    if (!out) continue;
    routes.push(out);
    owners.push(provenanceOf([r.owner], undefined, r.ownerField));
  }
  const out = VirtualHost.fromPartial({ name: virtualHostName(vh.host), domains: [vh.host], routes, ...(settings.perHostStats ? { virtualClusters: allRequests() } : {}) });
  runHooks(hooks, 'virtualHost', vh, out);
  return { out, provenance: provenanceOf(vh.routes.map((r) => r.owner), { routes: owners }) };
}

function translateRoute(r: DagRoute, redirectPort: number): Route {
  const match = pathMatch(r.match);
  if (r.authorityRegex) {
    match.headers = [HeaderMatcher.fromPartial({ name: ':authority', stringMatch: { safeRegex: { regex: r.authorityRegex } } })];
  }
  requestConditions(r, match);
  const out = Route.fromPartial({ match, ...action(r, redirectPort) });
  headerEdits(r, out);
  if (r.cors) out.typedPerFilterConfig = { [CORS_FILTER_NAME]: corsPerRouteConfig(r.cors) };
  return out;
}

function pathMatch(m: PathMatch): RouteMatch {
  switch (m.kind) {
    case 'exact':
      return RouteMatch.fromPartial({ path: m.path });
    case 'prefix':
      return RouteMatch.fromPartial({ prefix: m.path });
    case 'segment-prefix': {
      // Envoy's separated prefix cannot be "/" or end in "/", and is exactly the Kubernetes segment
      // semantics otherwise, where a trailing slash is ignored (`/foo/` matches `/foo` too).
      const path = m.path.replace(/\/+$/, '');
      return path === '' ? RouteMatch.fromPartial({ prefix: '/' }) : RouteMatch.fromPartial({ pathSeparatedPrefix: path });
    }
    case 'regex':
      return RouteMatch.fromPartial({ safeRegex: { regex: m.pattern } });
  }
}

function action(r: DagRoute, redirectPort: number): Partial<Route> {
  const a: RouteAction = r.action;
  switch (a.kind) {
    case 'redirect-https': {
      const port = a.port ?? redirectPort;
      return { redirect: { httpsRedirect: true, ...(port !== 443 ? { portRedirect: port } : {}) } as Route['redirect'] };
    }
    case 'redirect':
      return { redirect: redirectAction(a, r) };
    case 'direct':
      return { directResponse: { status: a.status, body: { inlineString: a.body } } as Route['directResponse'] };
    case 'forward': {
      const rewrite = {
        ...(r.rewrite ? { regexRewrite: { pattern: { regex: r.rewrite.pattern }, substitution: r.rewrite.substitution } } : {}),
        ...(r.hostRewrite ? { hostRewriteLiteral: r.hostRewrite } : {}),
        ...(r.mirrors?.length ? { requestMirrorPolicies: mirrorPolicies(r.mirrors) } : {}),
      };
      const split = a.backends.length !== 1 || a.backends.some((b) => b.requestHeaders || b.responseHeaders) || (a.unusableWeight ?? 0) > 0;
      if (!split) return { route: Route.fromPartial({ route: { cluster: clusterName(a.backends[0]!.cluster), ...rewrite } }).route };
      const clusters = a.backends.map((b) => {
        const weight: Partial<WeightedCluster_ClusterWeight> = { name: clusterName(b.cluster), weight: b.weight };
        headerEdits(b, weight);
        return weight;
      });
      // The unusable share goes to a cluster no resource is named (cluster names hold a '/'), which Envoy answers 500.
      const unusable = (a.unusableWeight ?? 0) > 0 ? { clusterNotFoundResponseCode: RouteAction_ClusterNotFoundResponseCode.INTERNAL_SERVER_ERROR } : {};
      if ((a.unusableWeight ?? 0) > 0) clusters.push({ name: UNUSABLE_BACKEND, weight: a.unusableWeight });
      return { route: Route.fromPartial({ route: { weightedClusters: { clusters }, ...rewrite, ...unusable } }).route };
    }
  }
}

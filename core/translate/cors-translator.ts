import { Cors, CorsPolicy as EnvoyCorsPolicy } from '../generated/envoy/extensions/filters/http/cors/v3/cors.js';
import type { HttpFilter } from '../generated/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.js';
import type { Any } from '../generated/google/protobuf/any.js';
import type { StringMatcher } from '../generated/envoy/type/matcher/v3/string.js';
import type { CorsPolicy, DagVirtualHost } from '../dag/dag-types.js';
import { packAny } from './any.js';

/** Envoy's CORS HTTP filter: the name its per-route policy is keyed by in typed_per_filter_config. */
export const CORS_FILTER_NAME = 'envoy.filters.http.cors';

/** The CORS filter as the connection manager runs it (it reads each route's own policy; this config is empty). */
export function corsHttpFilter(): HttpFilter {
  return { name: CORS_FILTER_NAME, typedConfig: packAny('envoy.extensions.filters.http.cors.v3.Cors', Cors, Cors.fromPartial({})) } as HttpFilter;
}

/** Whether any route of these hosts has a CORS policy: only then does the filter go in the chain. */
export function hostsUseCors(hosts: Iterable<DagVirtualHost>): boolean {
  for (const vh of hosts) if (vh.routes.some((r) => r.cors !== undefined)) return true;
  return false;
}

/** A route's policy as the filter's per-route config. Lists become comma-separated header values. */
export function corsPerRouteConfig(c: CorsPolicy): Any {
  const policy = EnvoyCorsPolicy.fromPartial({
    allowOriginStringMatch: c.allowOrigins.map((o) => (o.kind === 'exact' ? { exact: o.value } : { safeRegex: { regex: o.value } }) as StringMatcher),
    allowMethods: c.allowMethods.join(', '),
    allowHeaders: c.allowHeaders.join(', '),
    exposeHeaders: c.exposeHeaders.join(', '),
    ...(c.maxAgeSeconds !== undefined ? { maxAge: String(c.maxAgeSeconds) } : {}),
    allowCredentials: c.allowCredentials,
    // A preflight from an origin not allowed is answered here, without CORS headers, rather than passed on
    // to a backend that never asked to see preflights.
    forwardNotMatchingPreflights: false,
  });
  return packAny('envoy.extensions.filters.http.cors.v3.CorsPolicy', EnvoyCorsPolicy, policy);
}

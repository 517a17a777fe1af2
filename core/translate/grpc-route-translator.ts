import { Route, RouteMatch } from '../generated/envoy/config/route/v3/route_components.js';
import { RouteConfiguration } from '../generated/envoy/config/route/v3/route.js';

/** The route configuration an API listener (proxyless gRPC client) for `host` reads. */
export function grpcRouteConfigName(host: string): string {
  return `grpc/${host}`;
}

/**
 * Makes a route configuration acceptable to proxyless gRPC clients (gRFC A28), which reject the whole
 * resource (NACK) when any route uses something they do not implement. Envoy's own configuration keeps
 * the richer form; this copy only serves API listeners:
 * - `path_separated_prefix` (Kubernetes `Prefix` paths) becomes the equivalent pair exact `P` + prefix `P/`
 *   (gRPC paths carry no query string, so the pair matches exactly what Envoy would);
 * - redirects and direct responses are dropped: gRPC clients only forward, and a plaintext gRPC call must
 *   not bypass an HTTPS redirect by being forwarded instead;
 * - virtual clusters (Envoy's per-host stats) are dropped: gRPC clients keep no such stats.
 */
export function toGrpcRouteConfiguration(config: RouteConfiguration, name: string): RouteConfiguration {
  const out = RouteConfiguration.fromPartial({ ...config, name });
  for (const vh of out.virtualHosts) {
    vh.routes = vh.routes.filter((r) => r.route !== undefined).flatMap(splitSeparatedPrefix);
    vh.virtualClusters = [];
  }
  out.virtualHosts = out.virtualHosts.filter((vh) => vh.routes.length > 0);
  return out;
}

function splitSeparatedPrefix(r: Route): Route[] {
  const p = r.match?.pathSeparatedPrefix;
  if (p === undefined) return [r];
  const withPath = (match: Partial<RouteMatch>) => Route.fromPartial({ ...r, match: { ...r.match, pathSeparatedPrefix: undefined, ...match } });
  return [withPath({ path: p }), withPath({ prefix: `${p}/` })];
}

import { escapeRegex } from '../../core/index.js';
import type { BackendRef, HttpRouteFilter, HttpRouteMatch, HttpRouteRule } from './gateway-types.js';

export interface GrpcMethodMatch {
  type?: 'Exact' | 'RegularExpression';
  service?: string;
  method?: string;
}

export interface GrpcRouteRule {
  name?: string;
  matches?: Array<{ method?: GrpcMethodMatch; headers?: HttpRouteMatch['headers'] }>;
  filters?: HttpRouteFilter[];
  backendRefs?: BackendRef[];
}

/**
 * A gRPC method is the HTTP/2 path `/<service>/<method>`: an exact service and method is an exact path, a
 * service alone the prefix of its methods, anything else a regex over the two parts.
 */
export function methodPath(m: GrpcMethodMatch | undefined): HttpRouteMatch['path'] {
  if (!m || (m.service === undefined && m.method === undefined)) return { type: 'PathPrefix', value: '/' };
  if ((m.type ?? 'Exact') === 'Exact') {
    if (m.service !== undefined && m.method !== undefined) return { type: 'Exact', value: `/${m.service}/${m.method}` };
    if (m.service !== undefined) return { type: 'PathPrefix', value: `/${m.service}` };
    return { type: 'RegularExpression', value: `/[^/]+/${escapeRegex(m.method!)}` };
  }
  // Grouped, so that an alternation in one part stays inside it.
  return { type: 'RegularExpression', value: `/(?:${m.service ?? '[^/]+'})/(?:${m.method ?? '[^/]+'})` };
}

/** A GRPCRoute rule as the HTTPRoute rule it routes like (gRPC is HTTP/2 POSTs to method paths). */
export function asHttpRule(rule: GrpcRouteRule): HttpRouteRule {
  return {
    ...(rule.matches ? { matches: rule.matches.map((m) => ({ path: methodPath(m.method), ...(m.headers ? { headers: m.headers } : {}) })) } : {}),
    ...(rule.filters ? { filters: rule.filters } : {}),
    ...(rule.backendRefs ? { backendRefs: rule.backendRefs } : {}),
  };
}

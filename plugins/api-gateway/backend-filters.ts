import { stableStringify, type BuildContext, type DagRoute, type StoredObject, type WeightedBackend } from '../../core/index.js';
import type { BackendSplit } from './backend-refs.js';
import { readFilters, type ListenerAddress } from './httproute-filters.js';

/** What a route's backends' own filters make of it. */
export interface BackendFilterOutcome {
  /** Filters that cannot be applied as written (the rule then answers 500). */
  unsupported: string[];
}

/** The route fields Envoy can only apply to the route as a whole, not per backend of a split. */
const ROUTE_WIDE = ['rewrite', 'hostRewrite', 'cors'] as const;

/**
 * Applies the filters written on each backendRef of a forwarding route (`backendRefs[].filters`).
 * Header edits are the backend's own (Envoy edits per cluster of a split). A URL rewrite (or a CORS
 * policy) is per route in Envoy, so it is applied when every backend of the route writes the same one; backends that differ, a
 * redirect or a mirror there cannot be served as written and are reported, once per rule (`report`).
 */
export function applyBackendFilters(ctx: BuildContext, obj: StoredObject, route: DagRoute, split: BackendSplit, listener: ListenerAddress, report: boolean): BackendFilterOutcome {
  const out: BackendFilterOutcome = { unsupported: [] };
  if (route.action.kind !== 'forward') return out;
  const backends = route.action.backends;
  if (!backends.some((b) => split.written.get(b)?.ref.filters?.length)) return out;
  const wide: string[] = [];
  const edited = backends.map((b): WeightedBackend => {
    const written = split.written.get(b);
    const scratch: DagRoute = { ...route, attributes: route.attributes };
    delete scratch.requestHeaders;
    delete scratch.responseHeaders;
    const filters = readFilters(ctx, obj, written?.ref.filters ?? [], listener, written?.field ?? 'spec');
    filters.apply(scratch);
    if (filters.redirect || scratch.mirrors !== route.mirrors || filters.problems.length > 0) out.unsupported.push(`a redirect or mirror on ${written?.field ?? 'a backendRef'}`);
    out.unsupported.push(...filters.unsupported);
    wide.push(stableStringify(Object.fromEntries(ROUTE_WIDE.map((k) => [k, scratch[k] ?? null]))));
    return { ...b, ...(scratch.requestHeaders ? { requestHeaders: scratch.requestHeaders } : {}), ...(scratch.responseHeaders ? { responseHeaders: scratch.responseHeaders } : {}) };
  });
  if (new Set(wide).size > 1) out.unsupported.push('URL rewrites that differ between backends of one rule');
  else {
    const first = JSON.parse(wide[0]!) as Record<(typeof ROUTE_WIDE)[number], never | null>;
    for (const k of ROUTE_WIDE) if (first[k] !== null) route[k] = first[k];
  }
  route.action = { ...route.action, backends: edited };
  if (report) for (const u of out.unsupported) ctx.status.warn(obj, 'FilterUnsupported', `backendRef filter: ${u} cannot be applied; the rule answers 500`, `${route.origin?.field ?? 'spec'}.backendRefs`);
  return out;
}

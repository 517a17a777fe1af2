import { Attributes, rankOf, type BuildContext, type DagRoute, type DagVirtualHost, type RouteAction, type StoredObject } from '../../core/index.js';
import { applyBackendFilters } from './backend-filters.js';
import { weightedBackends, type BackendOptions, type BackendProblem } from './backend-refs.js';
import type { HttpRouteRule } from './gateway-types.js';
import { readFilters, type ListenerAddress } from './httproute-filters.js';
import { readMatch, type RequestMatch } from './httproute-match.js';
import { readRulePolicies } from './rule-policies.js';

/** A virtual host a route attached to, the listener it is on, and how strongly the route's own hostnames claim it. */
export interface RuleHost {
  vh: DagVirtualHost;
  listener: ListenerAddress;
  hostRank: number;
}

/** What a route's rules came to, for its ResolvedRefs condition. */
export interface RulesOutcome {
  problems: BackendProblem[];
}

const INTERNAL_ERROR: RouteAction = { kind: 'direct', status: 500, body: 'no usable backend\n' };

/**
 * Turns a route's rules (an HTTPRoute's, or a GRPCRoute's as HTTP rules) into routes on the virtual hosts
 * it attached to; `reach`: how its backends are reached (HTTP/2, TLS). Every rule is read once;
 * each of its matches becomes one DAG route per host. A rule without a usable backend answers 500 (the
 * spec's word for it), a match isobar cannot serve is left out with a warning; other rules are untouched.
 */
export function addRouteRules(ctx: BuildContext, obj: StoredObject, rules: readonly HttpRouteRule[], hosts: readonly RuleHost[], reach: BackendOptions): RulesOutcome {
  const outcome: RulesOutcome = { problems: [] };
  const rank = rankOf(obj);
  const owner = { kind: obj.object.kind, namespace: obj.object.metadata.namespace ?? '', name: obj.object.metadata.name };
  rules.forEach((rule, i) => {
    const field = `spec.rules[${i}]`;
    const split = weightedBackends(ctx, obj, rule.backendRefs ?? [], outcome.problems, reach, field);
    const matches: Array<{ m: RequestMatch; field: string }> = [];
    (rule.matches?.length ? rule.matches : [{}]).forEach((written, j) => {
      const m = readMatch(written);
      if ('field' in m) return ctx.status.warn(obj, 'MatchInvalid', `${m.message}; this match is not served`, `${field}.matches[${j}].${m.field}`);
      matches.push({ m, field: `${field}.matches[${j}]` });
    });
    const policies = readRulePolicies(ctx, obj, rule, field);
    for (const { vh, listener, hostRank } of hosts) {
      const filters = readFilters(ctx, obj, rule.filters ?? [], listener, field, reach);
      if (vh === hosts[0]!.vh) outcome.problems.push(...filters.problems);
      for (const u of filters.unsupported) ctx.status.warn(obj, 'FilterUnsupported', `filter type ${u} is not supported; the rule answers 500`, `${field}.filters`);
      const { backends, unusableWeight } = split;
      const forward: RouteAction = { kind: 'forward', backends, ...(unusableWeight > 0 ? { unusableWeight } : {}) };
      const action: RouteAction = filters.redirect ?? (filters.unsupported.length > 0 || backends.length === 0 ? INTERNAL_ERROR : forward);
      for (const { m, field: mf } of matches) {
        const r: DagRoute = { match: m.path, action, owner, ownerRank: rank, ownerField: mf, attributes: new Attributes(), origin: { object: obj, field, spec: rule as Record<string, unknown> } };
        if (m.headers.length > 0) r.headers = m.headers;
        if (m.queryParams.length > 0) r.queryParams = m.queryParams;
        if (m.method) r.method = m.method;
        if (hostRank > 0) r.hostRank = hostRank;
        filters.apply(r);
        if (applyBackendFilters(ctx, obj, r, split, listener, vh === hosts[0]!.vh && mf === matches[0]!.field).unsupported.length > 0) r.action = INTERNAL_ERROR;
        policies.apply(r);
        vh.routes.push(r);
      }
    }
  });
  return outcome;
}

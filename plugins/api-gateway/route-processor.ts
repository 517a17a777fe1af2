import type { BuildContext, DagVirtualHost, StoredObject } from '../../core/index.js';
import type { ListenerParent } from './gateway-state.js';
import type { HttpRouteRule, ParentReference } from './gateway-types.js';
import type { ListenerAddress } from './httproute-filters.js';
import { addRouteRules, type RuleHost } from './httproute-rules.js';
import { claimStrength } from './hostnames.js';
import type { BackendOptions, BackendProblem } from './backend-refs.js';
import type { BackendTlsPolicies } from './backend-tls-policies.js';
import { attachRoute, type ParentVerdict } from './route-attachment.js';

/** A virtual host of an attached listener: on the HTTP port's route table, or behind the HTTPS listener's chain. */
function hostOn(ctx: BuildContext, a: ParentVerdict['attachments'][number], host: string): DagVirtualHost {
  const t = a.listener.target!;
  if (t.protocol === 'HTTP') return ctx.dag.virtualHost(host, t.listener);
  // TLS and TCP listeners' supportedKinds hold no HTTP-like route kind, so attachment never gets here with one.
  if (t.protocol === 'TLS' || t.protocol === 'TCP') throw new Error(`an HTTP route cannot attach to ${t.protocol} listener ${a.listener.spec.name}`);
  return ctx.dag.chainHost(t.chain, host);
}

/** What the route processor needs of an HTTP-like route kind (HTTPRoute, GRPCRoute). */
export interface RouteReading {
  parentRefs: readonly ParentReference[];
  hostnames: readonly string[];
  /** The rules as HTTPRoute rules. */
  rules: readonly HttpRouteRule[];
  /** Backends speak HTTP/2 (gRPC). */
  http2: boolean;
}

/**
 * One HTTP-like route: attached to the listeners of isobar's Gateways it names and may use, its rules
 * served on each hostname it gets there, and its status per parent (Accepted, ResolvedRefs). `tls`: the
 * build's BackendTLSPolicies, which its backends use under the Gateways it attached to.
 */
export function processRoute(ctx: BuildContext, obj: StoredObject, spec: RouteReading, parents: ReadonlyMap<string, ListenerParent>, controllerName: string, tls?: BackendTlsPolicies): void {
  const verdicts = attachRoute(ctx.store, obj, spec.parentRefs, parents, spec.hostnames);
  if (verdicts.length === 0) return;
  ctx.status.touch(obj);
  const hosts: RuleHost[] = [];
  for (const v of verdicts) {
    for (const a of v.attachments) {
      a.listener.attachedRoutes++;
      // A listener that is not programmed (say, its certificate is missing) still counts the route.
      if (!a.listener.target) continue;
      const listener: ListenerAddress = { port: a.listener.spec.port, scheme: a.listener.spec.protocol === 'HTTPS' ? 'https' : 'http' };
      for (const h of a.hostnames) hosts.push({ vh: hostOn(ctx, a, h), listener, hostRank: claimStrength(a.listener.spec.hostname, spec.hostnames, h) });
    }
  }
  // A route attached nowhere is still checked (ResolvedRefs), in a scratch DAG: its clusters go nowhere.
  const attachedTo = verdicts.filter((v) => v.attachments.length > 0).map((v) => v.parent.gateway);
  const backends: BackendOptions = { http2: spec.http2, ...(tls ? { tlsFor: (ns: string, name: string) => tls.tlsFor(ns, name, attachedTo) } : {}) };
  const { problems } = addRouteRules(hosts.length > 0 ? ctx : { ...ctx, dag: ctx.dag.fork() }, obj, spec.rules, hosts, backends);
  writeRouteStatus(ctx, obj, verdicts, problems, controllerName);
}

/** A route's status: per parent isobar serves, its Accepted verdict and ResolvedRefs from the route's backend problems. */
export function writeRouteStatus(ctx: BuildContext, obj: StoredObject, verdicts: readonly ParentVerdict[], problems: readonly BackendProblem[], controllerName: string): void {
  for (const v of verdicts) {
    const first = problems[0];
    if (first) v.conditions.set('ResolvedRefs', false, first.reason, problems.map((p) => p.message).join('; '));
    else v.conditions.set('ResolvedRefs', true, 'ResolvedRefs', 'every reference of the route is resolved');
  }
  ctx.status.detail(obj, {
    parents: verdicts.map((v) => ({ parentRef: v.ref, controllerName, conditions: v.conditions.all() })),
  });
}

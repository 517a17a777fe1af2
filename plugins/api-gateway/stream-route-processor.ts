import { TCP_BACKENDS, type BuildContext, type DagSecureVirtualHost, type StoredObject, type WeightedBackend } from '../../core/index.js';
import type { BackendTlsPolicies } from './backend-tls-policies.js';
import { weightedBackends, type BackendProblem } from './backend-refs.js';
import type { ListenerParent, ListenerState } from './gateway-state.js';
import type { TcpRoute, TlsRoute } from './gateway-types.js';
import { claimStrength } from './hostnames.js';
import { attachRoute } from './route-attachment.js';
import { writeRouteStatus } from './route-processor.js';

/**
 * One TLSRoute or TCPRoute, whose connections are proxied as bytes (the tcp-proxy feature's attribute).
 * A TLSRoute on TLS passthrough listeners: each hostname it gets there is a filter chain chosen by SNI
 * whose connections go, still encrypted, to the route's backends. A TCPRoute on a TCP listener: the
 * listener's one chain, taking every connection. Of two routes claiming one chain, the one whose own
 * hostname claims it more strongly (hostnames.ts claimStrength), then the older, keeps it (both are
 * counted as attached; `claims` holds the strength of each chain's holder); a route without a usable backend gets a chain that closes its
 * connections at once (never sent nowhere). Callers give the routes oldest first.
 */
export function processStreamRoute(ctx: BuildContext, obj: StoredObject<TlsRoute | TcpRoute>, parents: ReadonlyMap<string, ListenerParent>, controllerName: string, claims: Map<DagSecureVirtualHost, number>, tls?: BackendTlsPolicies): void {
  const spec = obj.object.spec ?? {};
  const hostnames = 'hostnames' in spec ? (spec.hostnames ?? []) : [];
  const verdicts = attachRoute(ctx.store, obj, spec.parentRefs ?? [], parents, hostnames);
  if (verdicts.length === 0) return;
  ctx.status.touch(obj);
  const attachments = verdicts.flatMap((v) => v.attachments);
  const problems: BackendProblem[] = [];
  const refs = (spec.rules ?? []).flatMap((r) => r.backendRefs ?? []);
  const target = attachments.length > 0 ? ctx : { ...ctx, dag: ctx.dag.fork() };
  const plain = weightedBackends(target, obj, refs, problems).backends;
  // Where Envoy terminates the client's TLS, a BackendTLSPolicy has it speak TLS again to the backend;
  // passed-through TLS is the client's own and goes as it is.
  const gateways = verdicts.filter((v) => v.attachments.length > 0).map((v) => v.parent.gateway);
  let reencrypted: WeightedBackend[] | undefined;
  const backendsFor = (l: ListenerState): WeightedBackend[] => {
    const terminates = l.target?.protocol === 'TLS' && l.target.secret !== undefined;
    if (!terminates || !tls) return plain;
    reencrypted ??= weightedBackends(target, obj, refs, [], { tlsFor: (ns, name) => tls.tlsFor(ns, name, gateways) }).backends;
    return reencrypted;
  };
  for (const a of attachments) {
    a.listener.attachedRoutes++;
    const backends = backendsFor(a.listener);
    for (const { chain, host } of chainsOf(ctx, a.listener, a.hostnames)) {
      const strength = claimStrength(a.listener.spec.hostname, hostnames, host);
      if ((claims.get(chain) ?? -1) >= strength) continue;
      claims.set(chain, strength);
      // A chain that refuses closes its connections whatever backends an earlier, weaker holder left on it.
      if (backends.length > 0) chain.attributes.set(TCP_BACKENDS, backends);
      chain.refuse = backends.length === 0;
    }
  }
  writeRouteStatus(ctx, obj, verdicts, problems, controllerName);
}

/** The filter chains a route attached to a listener takes: one per hostname on TLS, the only one on TCP. */
function chainsOf(ctx: BuildContext, l: ListenerState, hostnames: readonly string[]): Array<{ chain: DagSecureVirtualHost; host: string }> {
  const t = l.target;
  if (t?.protocol === 'TLS') return hostnames.map((host) => ({ chain: ctx.dag.secureVirtualHost(host, t.secret, t.listener), host }));
  if (t?.protocol === 'TCP') return [{ chain: ctx.dag.secureVirtualHost('*', undefined, t.listener), host: '*' }];
  return [];
}

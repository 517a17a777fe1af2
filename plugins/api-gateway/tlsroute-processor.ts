import { TCP_BACKENDS, type BuildContext, type StoredObject } from '../../core/index.js';
import { weightedBackends, type BackendProblem } from './backend-refs.js';
import type { GatewayState } from './gateway-state.js';
import type { TlsRoute } from './gateway-types.js';
import { attachRoute } from './route-attachment.js';
import { writeRouteStatus } from './route-processor.js';

/**
 * One TLSRoute on TLS passthrough listeners: each hostname it gets there is a filter chain chosen by SNI
 * whose connections go, still encrypted, to the route's backends (the tcp-proxy feature's attribute). The
 * oldest route keeps a hostname another route also names; a route without a usable backend gets a chain
 * that closes its connections at once (never sent nowhere).
 */
export function processTlsRoute(ctx: BuildContext, obj: StoredObject<TlsRoute>, gateways: ReadonlyMap<string, GatewayState>, controllerName: string): void {
  const spec = obj.object.spec ?? {};
  const verdicts = attachRoute(ctx.store, obj, spec.parentRefs ?? [], gateways, spec.hostnames ?? []);
  if (verdicts.length === 0) return;
  ctx.status.touch(obj);
  const attachments = verdicts.flatMap((v) => v.attachments);
  const problems: BackendProblem[] = [];
  const refs = (spec.rules ?? []).flatMap((r) => r.backendRefs ?? []);
  const { backends } = weightedBackends(attachments.length > 0 ? ctx : { ...ctx, dag: ctx.dag.fork() }, obj, refs, problems);
  for (const a of attachments) {
    a.listener.attachedRoutes++;
    const t = a.listener.target;
    if (t?.protocol !== 'TLS') continue;
    for (const host of a.hostnames) {
      const chain = ctx.dag.secureVirtualHost(host, undefined, t.listener);
      if (chain.attributes.has(TCP_BACKENDS) || chain.refuse) continue;
      if (backends.length > 0) chain.attributes.set(TCP_BACKENDS, backends);
      else chain.refuse = true;
    }
  }
  writeRouteStatus(ctx, obj, verdicts, problems, controllerName);
}

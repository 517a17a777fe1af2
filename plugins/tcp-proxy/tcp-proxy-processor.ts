import {
  planWeights,
  PROCESSOR_ORDER,
  resolveBackend,
  type BuildContext,
  type DagSecureVirtualHost,
  type IngressRouteService,
  type NodeOrigin,
  type Processor,
  type StoredObject,
} from '../../core/index.js';
import { mergeBackends, TCP_BACKENDS, type TcpBackend } from './tcp-backends.js';

/** The field core names as a host's origin when the host's TLS connections belong to `spec.tcpproxy`. */
export const TCPPROXY_FIELD = 'spec.tcpproxy';

/**
 * Resolves the services of every `spec.tcpproxy` (core has already followed its delegation and made the
 * passthrough hosts) into clusters on the secure host. A host none of whose services resolve is left
 * out: a TLS chain without a destination would only reset connections.
 */
export class TcpProxyProcessor implements Processor {
  readonly id = 'tcp-proxy';
  readonly order = PROCESSOR_ORDER.features;

  run(ctx: BuildContext): void {
    for (const vh of [...ctx.dag.secureVirtualHosts.values()]) {
      const origin = vh.origin;
      if (origin?.field !== TCPPROXY_FIELD) continue;
      ctx.guard(origin.object, () => this.host(ctx, vh, origin), TCPPROXY_FIELD);
    }
  }

  private host(ctx: BuildContext, vh: DagSecureVirtualHost, origin: NodeOrigin): void {
    const backends = mergeBackends(this.resolve(ctx, origin));
    if (backends.length === 0) {
      this.leaveOut(ctx, vh);
      ctx.status.reject(origin.object, 'TcpProxyUnavailable', `no service of ${TCPPROXY_FIELD} can be used; TLS connections to ${vh.host} are not served`, `${TCPPROXY_FIELD}.services`);
      return;
    }
    vh.attributes.set(TCP_BACKENDS, backends);
    this.dropHttpRoutes(ctx, vh);
  }

  /** Drops the host, and its certificate unless another host still serves it. */
  private leaveOut(ctx: BuildContext, vh: DagSecureVirtualHost): void {
    ctx.dag.secureVirtualHosts.delete(vh.host);
    const secret = vh.secret?.name;
    if (secret && ![...ctx.dag.secureVirtualHosts.values()].some((o) => o.secret?.name === secret)) ctx.dag.secrets.delete(secret);
  }

  private resolve(ctx: BuildContext, origin: NodeOrigin): TcpBackend[] {
    const obj = origin.object;
    const namespace = obj.object.metadata.namespace ?? '';
    const services = Array.isArray(origin.spec.services) ? (origin.spec.services as IngressRouteService[]) : [];
    const resolved: Array<{ backend: TcpBackend; weight: unknown; field: string }> = [];
    services.forEach((svc, i) => {
      const field = `${TCPPROXY_FIELD}.services[${i}]`;
      if (typeof svc?.name !== 'string' || typeof svc.port !== 'number') {
        return ctx.status.reject(obj, 'ServiceInvalid', 'a service needs a name and a numeric port', field);
      }
      const res = resolveBackend(ctx.dag, ctx.store, namespace, svc.name, { number: svc.port }, { object: obj, field, spec: svc });
      if ('problem' in res) return ctx.status.reject(obj, res.reason, res.problem, field);
      resolved.push({ backend: { cluster: res.cluster, weight: 1 }, weight: svc.weight, field });
    });
    const plan = planWeights(resolved.map((r) => r.weight));
    for (const { index, message } of plan.invalid) ctx.status.warn(obj, 'FieldInvalid', message, `${resolved[index]!.field}.weight`);
    if (plan.allZero && resolved.length > 1) {
      ctx.status.warn(obj, 'WeightsAllZero', 'every service has weight 0, which Envoy cannot serve; connections are split equally instead', `${TCPPROXY_FIELD}.services`);
    }
    return resolved.map((r, i) => ({ ...r.backend, weight: plan.weights[i]! }));
  }

  /**
   * The host's TLS chain now carries TCP, so HTTP routes on it could never match; dropping them keeps
   * core from emitting a route configuration nothing refers to. Plain HTTP keeps its routes.
   */
  private dropHttpRoutes(ctx: BuildContext, vh: DagSecureVirtualHost): void {
    const owners = new Map<string, StoredObject>();
    for (const r of vh.routes) if (r.origin) owners.set(r.origin.object.key, r.origin.object);
    vh.routes.length = 0;
    const message = `TLS connections to ${vh.host} are proxied as TCP (spec.tcpproxy), so these routes are not served over HTTPS; plain HTTP serves them where permitInsecure is set and redirects to HTTPS elsewhere`;
    for (const obj of owners.values()) ctx.status.warn(obj, 'RoutesNotServedOverTls', message, 'spec.routes');
  }
}

import { inject, injectable, optional } from 'inversify';
import { ConfigId, PROCESSOR_ORDER, rankOf, sortedBy, type BuildContext, type DagSecureVirtualHost, type IsobarConfig, type Processor, type StoredObject } from '../../core/index.js';
import { acceptedClasses } from './gateway-classes.js';
import { bindPort, GatewayBuilder, type GatewaySettings } from './gateway-builder.js';
import { DEFAULT_CONTROLLER, serveController } from './gateway-kinds.js';
import { gatewayStatusDetail, listenerSetStatusDetail, servedListeners, type GatewayState, type ListenerParent } from './gateway-state.js';
import type { Gateway, GrpcRoute, HttpRoute, HttpRouteRule, TcpRoute, TlsRoute } from './gateway-types.js';
import { processStreamRoute } from './stream-route-processor.js';
import { asHttpRule } from './grpcroute-rules.js';
import { processRoute } from './route-processor.js';
import { BackendTlsPolicies } from './backend-tls-policies.js';
import { fleetAddresses, type GatewayAddress } from './fleet/fleet-address.js';
import { FleetIntents, type FleetIntent } from './fleet/fleet-intents.js';

/**
 * Gateway API: the GatewayClasses of isobar's controller, their Gateways' listeners, and the routes
 * attached to them, with status per object as the spec words it. A Gateway of another class, and a route
 * whose parents are all someone else's, is left alone entirely (not even a status).
 */
@injectable()
export class GatewayApiProcessor implements Processor {
  readonly id = 'gateway-api';
  readonly order = PROCESSOR_ORDER.gatewayApi;
  private readonly controllerName: string;

  constructor(
    @inject(ConfigId) @optional() private readonly config?: IsobarConfig,
    @inject(FleetIntents) @optional() private readonly fleets?: FleetIntents,
  ) {
    this.controllerName = config?.gatewayApi.controllerName ?? DEFAULT_CONTROLLER;
    serveController(this.controllerName);
  }

  run(ctx: BuildContext): void {
    const classes = acceptedClasses(ctx, this.controllerName);
    const gateways = ctx.store.list<Gateway>('Gateway').filter((g) => classes.has(g.object.spec?.gatewayClassName));
    const states = new GatewayBuilder(ctx, this.settings()).build(gateways);
    // What routes name as parents: the Gateways, and the ListenerSets naming them.
    const byKey = new Map<string, ListenerParent>();
    for (const s of states) for (const p of [s, ...s.listenerSets]) byKey.set(p.obj.key, p);
    const tls = new BackendTlsPolicies(ctx);
    const http = (route: StoredObject<HttpRoute | GrpcRoute>, rules: HttpRouteRule[], http2: boolean) => {
      const spec = route.object.spec ?? {};
      const reading = { parentRefs: spec.parentRefs ?? [], hostnames: spec.hostnames ?? [], rules, http2 };
      ctx.guard(route, () => processRoute(ctx, route, reading, byKey, this.controllerName, tls));
    };
    for (const route of ctx.store.list<HttpRoute>('HTTPRoute')) http(route, route.object.spec?.rules ?? [], false);
    for (const route of ctx.store.list<GrpcRoute>('GRPCRoute')) http(route, (route.object.spec?.rules ?? []).map(asHttpRule), true);
    const streams = [...ctx.store.list<TlsRoute>('TLSRoute'), ...ctx.store.list<TcpRoute>('TCPRoute')];
    const claims = new Map<DagSecureVirtualHost, number>();
    for (const route of sortedBy(streams, rankOf)) ctx.guard(route, () => processStreamRoute(ctx, route, byKey, this.controllerName, claims, tls));
    tls.writeStatus(this.controllerName);
    for (const s of states) ctx.status.detail(s.obj, gatewayStatusDetail(s, s.fleet ? this.fleetAddress(ctx, s) : []));
    for (const s of states) for (const ls of s.listenerSets) ctx.status.detail(ls.obj, listenerSetStatusDetail(ls));
    this.fleets?.set(states.flatMap((s) => intentOf(s, this.config?.gatewayApi.privilegedPortOffset ?? 0)));
  }

  /** A Gateway with its own fleet is reached at its Service; until that has an address it is not programmed. */
  private fleetAddress(ctx: BuildContext, s: GatewayState): GatewayAddress[] {
    const ns = s.obj.object.metadata.namespace ?? '';
    const addresses = fleetAddresses(ctx.store, ns, s.obj.object.metadata.name);
    if (addresses.length === 0 && s.conditions.isTrue('Programmed')) s.conditions.set('Programmed', false, 'AddressNotAssigned', 'the Gateway\'s Envoy Service has no address yet');
    return addresses;
  }

  private settings(): GatewaySettings {
    const c = this.config;
    const reserved = new Map<number, string>();
    if (!c?.gatewayApi.fleets) {
      reserved.set(c?.listeners.http.port ?? 8080, 'the config\'s HTTP listener (listeners.http)');
      reserved.set(c?.listeners.https.port ?? 8443, 'the config\'s HTTPS listener (listeners.https)');
    }
    return { fleets: c?.gatewayApi.fleets ?? false, privilegedPortOffset: c?.gatewayApi.privilegedPortOffset ?? 0, reservedPorts: reserved };
  }
}

/** What a Gateway's fleet needs in the cluster: its programmed listener ports (a Gateway from a file has no uid, and no fleet there). */
function intentOf(s: GatewayState, offset: number): FleetIntent[] {
  const uid = s.obj.object.metadata.uid;
  if (!s.fleet || !uid || !s.conditions.isTrue('Accepted')) return [];
  const ports = [...new Set(servedListeners(s).filter((l) => l.target).map((l) => l.spec.port))].sort((a, b) => a - b);
  // Nothing programmed, nothing to run (and a Service needs a port).
  if (ports.length === 0) return [];
  const gateway = { namespace: s.obj.object.metadata.namespace ?? '', name: s.obj.object.metadata.name, uid };
  const infra = s.obj.object.spec?.infrastructure;
  const infrastructure = { labels: { ...infra?.labels }, annotations: { ...infra?.annotations } };
  return [{ gateway, fleet: s.fleet, ports: ports.map((port) => ({ port, bindPort: bindPort(port, offset) })), infrastructure }];
}

import { Cluster } from '../generated/envoy/config/cluster/v3/cluster.js';
import { ClusterLoadAssignment } from '../generated/envoy/config/endpoint/v3/endpoint.js';
import { Listener } from '../generated/envoy/config/listener/v3/listener.js';
import { RouteConfiguration } from '../generated/envoy/config/route/v3/route.js';
import { Secret } from '../generated/envoy/extensions/transport_sockets/tls/v3/secret.js';
import type { Dag } from '../dag/dag.js';
import type { StoreReader } from '../store/object-store.js';
import { TypeUrl } from '../snapshot/snapshot.js';
import type { NamedResource } from '../snapshot/snapshot-builder.js';
import { packAny } from './any.js';
import { translateApiListener } from './api-listener-translator.js';
import { grpcRouteConfigName, toGrpcRouteConfiguration } from './grpc-route-translator.js';
import { translateCluster } from './cluster-translator.js';
import { translateEndpoints } from './endpoint-translator.js';
import { translateHttpListener, translateHttpsListener } from './listener-translator.js';
import { clusterName, HTTP_ROUTE_CONFIG, secureRouteConfigName } from './names.js';
import type { Reference } from '../snapshot/consistency.js';
import type { DagRoute } from '../dag/dag-types.js';
import { translateRouteConfiguration } from './route-translator.js';
import { translateSecret } from './secret-translator.js';
import type { TranslateSettings } from './translate-settings.js';
import type { TranslatorHooks } from './translator-hooks.js';

export type TranslatedResources = Map<TypeUrl, NamedResource[]>;

export interface Translation {
  resources: TranslatedResources;
  /** What the resources refer to by name, for the consistency check before publishing. */
  references: Reference[];
}

/** The DAG as Envoy resources, per xDS type. Pure: no I/O, same input gives the same bytes. */
export function translate(dag: Dag, store: StoreReader, s: TranslateSettings, hooks: readonly TranslatorHooks[]): Translation {
  const listeners: NamedResource[] = [];
  const routes: NamedResource[] = [];
  const push = <T>(list: NamedResource[], name: string, typeName: string, codec: { encode(m: T): { finish(): Uint8Array } }, msg: T, explicitOnly = false) =>
    list.push({ name, resource: packAny(typeName, codec as never, msg), ...(explicitOnly ? { explicitOnly } : {}) });

  push(listeners, 'ingress_http', 'envoy.config.listener.v3.Listener', Listener, translateHttpListener(s));
  push(routes, HTTP_ROUTE_CONFIG, 'envoy.config.route.v3.RouteConfiguration', RouteConfiguration, translateRouteConfiguration(HTTP_ROUTE_CONFIG, dag.virtualHosts.values(), hooks, s.httpsRedirectPort));
  for (const vh of s.proxylessGrpc ? dag.virtualHosts.values() : []) {
    if (vh.host === '*' || vh.host.startsWith('*.')) continue;
    push(listeners, vh.host, 'envoy.config.listener.v3.Listener', Listener, translateApiListener(vh.host), true);
    const grpcRoutes = toGrpcRouteConfiguration(translateRouteConfiguration(vh.host, [vh], hooks, s.httpsRedirectPort), grpcRouteConfigName(vh.host));
    push(routes, grpcRoutes.name, 'envoy.config.route.v3.RouteConfiguration', RouteConfiguration, grpcRoutes, true);
  }

  const https = translateHttpsListener(dag.secureVirtualHosts.values(), s, hooks);
  if (https) push(listeners, https.name, 'envoy.config.listener.v3.Listener', Listener, https);
  for (const vh of dag.secureVirtualHosts.values()) {
    if (vh.routes.length === 0) continue;
    const name = secureRouteConfigName(vh.host);
    push(routes, name, 'envoy.config.route.v3.RouteConfiguration', RouteConfiguration, translateRouteConfiguration(name, [vh], hooks, s.httpsRedirectPort));
  }

  const clusters: NamedResource[] = [];
  for (const c of dag.clusters.values()) {
    const msg = translateCluster(c, s, hooks);
    push(clusters, msg.name, 'envoy.config.cluster.v3.Cluster', Cluster, msg);
  }
  const secrets: NamedResource[] = [];
  for (const sec of dag.secrets.values()) push(secrets, sec.name, 'envoy.extensions.transport_sockets.tls.v3.Secret', Secret, translateSecret(sec));

  const resources = new Map<TypeUrl, NamedResource[]>([
    [TypeUrl.Listener, listeners],
    [TypeUrl.RouteConfiguration, routes],
    [TypeUrl.Cluster, clusters],
    [TypeUrl.ClusterLoadAssignment, translateEndpointResources(dag, store)],
    [TypeUrl.Secret, secrets],
  ]);
  return { resources, references: references(dag, s.proxylessGrpc === true) };
}

function references(dag: Dag, proxylessGrpc: boolean): Reference[] {
  const refs: Reference[] = [{ from: 'listener ingress_http', type: TypeUrl.RouteConfiguration, name: HTTP_ROUTE_CONFIG }];
  const routeRefs = (from: string, routes: Iterable<DagRoute>) => {
    for (const r of routes) {
      if (r.action.kind !== 'forward') continue;
      for (const b of r.action.backends) refs.push({ from, type: TypeUrl.Cluster, name: clusterName(b.cluster) });
    }
  };
  for (const vh of dag.virtualHosts.values()) {
    routeRefs(`route ${HTTP_ROUTE_CONFIG} host ${vh.host}`, vh.routes);
    if (proxylessGrpc && vh.host !== '*' && !vh.host.startsWith('*.')) refs.push({ from: `listener ${vh.host}`, type: TypeUrl.RouteConfiguration, name: grpcRouteConfigName(vh.host) });
  }
  for (const vh of dag.secureVirtualHosts.values()) {
    const name = secureRouteConfigName(vh.host);
    if (vh.routes.length > 0) refs.push({ from: 'listener ingress_https', type: TypeUrl.RouteConfiguration, name });
    if (vh.secret) refs.push({ from: `listener ingress_https host ${vh.host}`, type: TypeUrl.Secret, name: vh.secret.name });
    routeRefs(`route ${name}`, vh.routes);
  }
  for (const c of dag.clusters.values()) {
    if (!c.externalName) refs.push({ from: `cluster ${clusterName(c)}`, type: TypeUrl.ClusterLoadAssignment, name: c.endpointsName });
  }
  return refs;
}

/** EDS alone: the fast path when only endpoints changed (only those of `onlyServices`, when given). */
export function translateEndpointResources(dag: Dag, store: StoreReader, onlyServices?: ReadonlySet<string>): NamedResource[] {
  return translateEndpoints(dag.clusters.values(), store, onlyServices).map((cla) => ({
    name: cla.clusterName,
    resource: packAny('envoy.config.endpoint.v3.ClusterLoadAssignment', ClusterLoadAssignment, cla),
  }));
}

import { Cluster } from '../generated/envoy/config/cluster/v3/cluster.js';
import { ClusterLoadAssignment } from '../generated/envoy/config/endpoint/v3/endpoint.js';
import { Listener } from '../generated/envoy/config/listener/v3/listener.js';
import { RouteConfiguration } from '../generated/envoy/config/route/v3/route.js';
import { Secret } from '../generated/envoy/extensions/transport_sockets/tls/v3/secret.js';
import type { Dag } from '../dag/dag.js';
import type { StoreReader } from '../store/object-store.js';
import { PUBLISH_ORDER, TypeUrl } from '../snapshot/snapshot.js';
import type { NamedResource } from '../snapshot/snapshot-builder.js';
import { packAny } from './any.js';
import { translateApiListener } from './api-listener-translator.js';
import { grpcRouteConfigName, toGrpcRouteConfiguration } from './grpc-route-translator.js';
import { translateCluster } from './cluster-translator.js';
import { translateEndpoints } from './endpoint-translator.js';
import { translateHttpListener, translateHttpsListener } from './listener-translator.js';
import { clusterName, secureRouteConfigName } from './names.js';
import type { Reference } from '../snapshot/consistency.js';
import { listenerClusterReferences } from './listener-cluster-refs.js';
import { chainHosts, routeClusters, type DagCluster, type DagHttpListener, type DagHttpsListener, type DagRoute, type DagSecureVirtualHost, type DagVirtualHost } from '../dag/dag-types.js';
import { refOfStored, type ObjectRef } from '../model/k8s-object.js';
import { provenanceOf, type Provenance, type ProvenanceMap } from './provenance.js';
import { translateRouteConfiguration, unguarded, type Guard } from './route-translator.js';
import { translateSecret } from './secret-translator.js';
import type { TranslateSettings } from './translate-settings.js';
import type { TranslatorHooks } from './translator-hooks.js';

export type TranslatedResources = Map<TypeUrl, NamedResource[]>;

export interface Translation {
  resources: TranslatedResources;
  /** What the resources refer to by name, for the consistency check before publishing. */
  references: Reference[];
  /** Which objects made each resource (and each part of it), to charge a problem to its object. */
  provenance: ProvenanceMap;
}

/**
 * The DAG as Envoy resources, per xDS type. Pure: no I/O, same input gives the same bytes. Each object's
 * part (a route, a TLS host's chain, a cluster) is made inside `guard`, so one that cannot be translated
 * is left out and charged to its object instead of failing the translation.
 */
export function translate(dag: Dag, store: StoreReader, s: TranslateSettings, hooks: readonly TranslatorHooks[], guard: Guard = unguarded): Translation {
  const provenance: ProvenanceMap = new Map(PUBLISH_ORDER.map((t) => [t, new Map()]));
  const listeners: NamedResource[] = [];
  const routes: NamedResource[] = [];
  const push = <T>(list: NamedResource[], type: TypeUrl, name: string, codec: { encode(m: T): { finish(): Uint8Array } }, msg: T, prov: Provenance, extra: Extra = {}) => {
    list.push({ name, resource: packAny(typeName(type), codec as never, msg), ...extra });
    provenance.get(type)!.set(name, prov);
  };
  const routeSettings = { redirectPort: s.httpsRedirectPort, perHostStats: s.perHostStats === true };
  const routeConfig = (name: string, vhosts: Iterable<DagVirtualHost>, listener?: DagHttpListener | DagHttpsListener) => {
    const prov: Provenance = { owners: [] };
    const settings = listener?.keepHostPort ? { ...routeSettings, ignorePortInHostMatching: true } : routeSettings;
    return { msg: translateRouteConfiguration(name, vhosts, hooks, settings, guard, prov), prov };
  };

  for (const l of httpListeners(dag)) {
    push(listeners, TypeUrl.Listener, l.name, Listener, translateHttpListener(l, s), { owners: [] }, fleetOf(l));
    const http = routeConfig(l.routeConfigName, l.virtualHosts.values(), l);
    push(routes, TypeUrl.RouteConfiguration, l.routeConfigName, RouteConfiguration, http.msg, http.prov);
    // Proxyless gRPC clients ask for a host by name: the hosts of the config's listener.
    for (const vh of s.proxylessGrpc && l === dag.http ? l.virtualHosts.values() : []) {
      if (vh.host === '*' || vh.host.startsWith('*.')) continue;
      const owners = provenanceOf(vh.routes.map((r) => r.owner));
      push(listeners, TypeUrl.Listener, vh.host, Listener, translateApiListener(vh.host), owners, { explicitOnly: true });
      const grpc = routeConfig(vh.host, [vh]);
      const grpcRoutes = toGrpcRouteConfiguration(grpc.msg, grpcRouteConfigName(vh.host));
      push(routes, TypeUrl.RouteConfiguration, grpcRoutes.name, RouteConfiguration, grpcRoutes, grpc.prov, { explicitOnly: true });
    }
  }

  const listenerRefs: Reference[] = [];
  for (const l of httpsListeners(dag)) {
    const httpsProv: Provenance = { owners: [] };
    const https = translateHttpsListener(l, s, hooks, guard, httpsProv);
    if (https) push(listeners, TypeUrl.Listener, https.name, Listener, https, httpsProv, fleetOf(l));
    if (https) listenerRefs.push(...listenerClusterReferences(https));
    for (const vh of l.virtualHosts.values()) {
      if (!hasRoutes(vh)) continue;
      const name = secureRouteConfigName(l, vh.host);
      const secure = routeConfig(name, chainHosts(vh), l);
      push(routes, TypeUrl.RouteConfiguration, name, RouteConfiguration, secure.msg, secure.prov);
    }
  }

  const clusters: NamedResource[] = [];
  for (const c of dag.clusters.values()) {
    const owner = clusterOwner(c);
    const msg = guard(owner, () => {
      const m = translateCluster(c, s, hooks);
      Cluster.encode(m);
      return m;
    });
    if (msg) push(clusters, TypeUrl.Cluster, msg.name, Cluster, msg, provenanceOf([owner]));
  }
  const secrets: NamedResource[] = [];
  for (const sec of dag.secrets.values()) {
    const [namespace = '', name = ''] = sec.name.split('/');
    push(secrets, TypeUrl.Secret, sec.name, Secret, translateSecret(sec), provenanceOf([{ kind: 'Secret', namespace, name }]));
  }
  const endpointOwners = new Map<string, ObjectRef[]>();
  const endpoints = translateEndpointResources(dag, store, undefined, endpointOwners, guard);
  for (const [name, refs] of endpointOwners) provenance.get(TypeUrl.ClusterLoadAssignment)!.set(name, provenanceOf(refs));

  const resources = new Map<TypeUrl, NamedResource[]>([
    [TypeUrl.Listener, listeners],
    [TypeUrl.RouteConfiguration, routes],
    [TypeUrl.Cluster, clusters],
    [TypeUrl.ClusterLoadAssignment, endpoints],
    [TypeUrl.Secret, secrets],
  ]);
  return { resources, references: [...references(dag, s.proxylessGrpc === true), ...listenerRefs], provenance };
}

type Extra = Pick<NamedResource, 'explicitOnly' | 'fleet'>;

/** A listener of a named fleet says so; the default fleet's say nothing (the common case costs nothing). */
function fleetOf(l: DagHttpListener | DagHttpsListener): Extra {
  return l.fleet ? { fleet: l.fleet } : {};
}

/** The object a cluster is charged to: the service entry that shaped this variant, else the Service. */
function clusterOwner(c: DagCluster): ObjectRef {
  return c.origin ? refOfStored(c.origin.object) : c.service;
}

/** Whether a TLS host's chain routes any request over HTTP (one without is a TCP proxy, or nothing). */
function hasRoutes(vh: DagSecureVirtualHost): boolean {
  return chainHosts(vh).some((h) => h.routes.length > 0);
}

function typeName(type: TypeUrl): string {
  return type.slice(type.lastIndexOf('/') + 1);
}

function httpListeners(dag: Dag): DagHttpListener[] {
  return [...dag.listeners.values()].filter((l): l is DagHttpListener => l.protocol === 'HTTP');
}

function httpsListeners(dag: Dag): DagHttpsListener[] {
  return [...dag.listeners.values()].filter((l): l is DagHttpsListener => l.protocol === 'HTTPS');
}

function references(dag: Dag, proxylessGrpc: boolean): Reference[] {
  const refs: Reference[] = [];
  // Each reference names the resource holding it (`referrer`): fleet views follow them from listeners.
  const listener = (name: string) => ({ type: TypeUrl.Listener, name });
  const routeRefs = (routeConfig: string, from: string, routes: Iterable<DagRoute>) => {
    const referrer = { type: TypeUrl.RouteConfiguration, name: routeConfig };
    for (const r of routes) for (const c of routeClusters(r)) refs.push({ from, type: TypeUrl.Cluster, name: clusterName(c), referrer });
  };
  for (const l of httpListeners(dag)) {
    refs.push({ from: `listener ${l.name}`, type: TypeUrl.RouteConfiguration, name: l.routeConfigName, referrer: listener(l.name) });
    for (const vh of l.virtualHosts.values()) {
      routeRefs(l.routeConfigName, `route ${l.routeConfigName} host ${vh.host}`, vh.routes);
      if (proxylessGrpc && l === dag.http && vh.host !== '*' && !vh.host.startsWith('*.')) refs.push({ from: `listener ${vh.host}`, type: TypeUrl.RouteConfiguration, name: grpcRouteConfigName(vh.host), referrer: listener(vh.host) });
    }
  }
  for (const l of httpsListeners(dag)) {
    for (const vh of l.virtualHosts.values()) {
      const name = secureRouteConfigName(l, vh.host);
      if (hasRoutes(vh)) refs.push({ from: `listener ${l.name}`, type: TypeUrl.RouteConfiguration, name, referrer: listener(l.name) });
      if (vh.secret) refs.push({ from: `listener ${l.name} host ${vh.host}`, type: TypeUrl.Secret, name: vh.secret.name, referrer: listener(l.name) });
      for (const inner of chainHosts(vh)) routeRefs(name, `route ${name}`, inner.routes);
    }
  }
  for (const c of dag.clusters.values()) {
    const name = clusterName(c);
    if (!c.externalName) refs.push({ from: `cluster ${name}`, type: TypeUrl.ClusterLoadAssignment, name: c.endpointsName, referrer: { type: TypeUrl.Cluster, name } });
    const clientCertificate = c.upstreamTls?.clientCertificate;
    if (clientCertificate) refs.push({ from: `cluster ${name}`, type: TypeUrl.Secret, name: clientCertificate, referrer: { type: TypeUrl.Cluster, name } });
  }
  return refs;
}

/** EDS alone: the fast path when only endpoints changed (only those of `onlyServices`, when given). */
export function translateEndpointResources(
  dag: Dag,
  store: StoreReader,
  onlyServices?: ReadonlySet<string>,
  owners: Map<string, ObjectRef[]> = new Map(),
  guard: Guard = unguarded,
): NamedResource[] {
  const out: NamedResource[] = [];
  for (const cla of translateEndpoints(dag.clusters.values(), store, onlyServices, owners, guard)) {
    // An address or port no proto field can hold is charged to the endpoints it came from.
    const owner = owners.get(cla.clusterName)?.[0] ?? { kind: 'Service', namespace: '', name: cla.clusterName };
    const resource = guard(owner, () => packAny('envoy.config.endpoint.v3.ClusterLoadAssignment', ClusterLoadAssignment, cla));
    if (resource) out.push({ name: cla.clusterName, resource });
  }
  return out;
}

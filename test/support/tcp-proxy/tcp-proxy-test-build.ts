/** Test support: a whole build (core processors plus this feature) and the Envoy resources it yields. */
import { buildAll, type BuildResult } from '../../../core/engine/build.js';
import { routingProcessors } from '../../fixtures/routing-processors.js';
import { envoy, TypeUrl, type K8sObject } from '../../../core/index.js';
import { SETTINGS } from '../../fixtures/build.js';
import { endpoints, service, storeOf } from '../../fixtures/objects.js';
import { TcpProxyFeature } from '../../../plugins/tcp-proxy/tcp-proxy-feature.js';

export function ingressRoute(ns: string, name: string, spec: unknown): K8sObject {
  return { apiVersion: 'contour.heptio.com/v1beta1', kind: 'IngressRoute', metadata: { name, namespace: ns }, spec };
}

/** A Service on port `port` with one endpoint. */
export function backend(ns: string, name: string, port = 443): K8sObject[] {
  return [service(ns, name, [{ port }]), endpoints(ns, name, '10.0.0.1', [{ port: 8443 }])];
}

export interface TcpBuild {
  result: BuildResult;
  /** Conditions of one object, as `reason` strings. */
  reasons(ns: string, name: string): string[];
  state(ns: string, name: string): string | undefined;
  /** The HTTPS listener's chain for a host, decoded; undefined when the host has none. */
  chain(host: string): envoy.FilterChain | undefined;
  /** The TcpProxy of a host's chain, decoded; undefined when the chain is not a TCP proxy. */
  tcpProxy(host: string): envoy.TcpProxy | undefined;
  names(type: TypeUrl): string[];
}

export function buildWith(objects: K8sObject[], loaded = true): TcpBuild {
  const feature = new TcpProxyFeature();
  const processors = [...routingProcessors(), ...(loaded ? [feature.processor] : [])].sort((a, b) => a.order - b.order);
  const result = buildAll(storeOf(objects), processors, loaded ? [feature.hooks] : [], SETTINGS, new Set(loaded ? [feature.id] : []));
  const status = (ns: string, name: string) => result.statuses.find((s) => s.ref.kind === 'IngressRoute' && s.ref.namespace === ns && s.ref.name === name);
  const chain = (host: string) => {
    const item = result.snapshot.resources.get(TypeUrl.Listener)?.items.get('ingress_https');
    if (!item) return undefined;
    return envoy.Listener.decode(item.resource.value).filterChains.find((c) => c.filterChainMatch?.serverNames.includes(host));
  };
  return {
    result,
    reasons: (ns, name) => status(ns, name)?.conditions.map((c) => c.reason) ?? [],
    state: (ns, name) => status(ns, name)?.state,
    chain,
    tcpProxy(host) {
      const filter = chain(host)?.filters.find((f) => f.name === 'envoy.filters.network.tcp_proxy');
      return filter?.typedConfig ? envoy.TcpProxy.decode(filter.typedConfig.value) : undefined;
    },
    names: (type) => [...(result.snapshot.resources.get(type)?.items.keys() ?? [])].sort(),
  };
}

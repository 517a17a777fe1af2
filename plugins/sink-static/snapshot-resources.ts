import { envoy, TypeUrl, type Snapshot } from '../../core/index.js';
import { type AnyRegistry, envoyAnyRegistry } from './any-registry.js';

/** A snapshot's resources decoded back into messages, keyed by name, in the snapshot's (sorted) order. */
export interface DecodedResources {
  listeners: Map<string, envoy.Listener>;
  routes: Map<string, envoy.RouteConfiguration>;
  clusters: Map<string, envoy.Cluster>;
  endpoints: Map<string, envoy.ClusterLoadAssignment>;
  secrets: Map<string, envoy.Secret>;
}

/**
 * Decodes what a snapshot would send to an Envoy subscribing by wildcard. Resources marked explicitOnly
 * (gRPC API listeners and their routes) are left out: they are for proxyless gRPC clients, and Envoy
 * itself must never load them.
 */
export function decodeSnapshot(snapshot: Snapshot, registry: AnyRegistry = envoyAnyRegistry): DecodedResources {
  return {
    listeners: decodeType<envoy.Listener>(snapshot, TypeUrl.Listener, registry),
    routes: decodeType<envoy.RouteConfiguration>(snapshot, TypeUrl.RouteConfiguration, registry),
    clusters: decodeType<envoy.Cluster>(snapshot, TypeUrl.Cluster, registry),
    endpoints: decodeType<envoy.ClusterLoadAssignment>(snapshot, TypeUrl.ClusterLoadAssignment, registry),
    secrets: decodeType<envoy.Secret>(snapshot, TypeUrl.Secret, registry),
  };
}

function decodeType<T>(snapshot: Snapshot, type: TypeUrl, registry: AnyRegistry): Map<string, T> {
  const out = new Map<string, T>();
  for (const item of snapshot.resources.get(type)?.items.values() ?? []) {
    if (item.explicitOnly) continue;
    const codec = registry.lookup(item.resource.typeUrl);
    if (!codec) throw new Error(`sink-static: no codec for ${item.resource.typeUrl} (resource ${item.name})`);
    out.set(item.name, codec.decode(item.resource.value) as T);
  }
  return out;
}

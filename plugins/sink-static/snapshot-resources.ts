import { envoy, fleetView, TypeUrl, type Snapshot } from '../../core/index.js';
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
 * Decodes what a snapshot would send to an Envoy of the default fleet subscribing by wildcard: static
 * and file configs are for Envoys started without a fleet, so other fleets' listeners (and what only
 * they use) are left out. Resources marked explicitOnly (gRPC API listeners and their routes) are left
 * out too: they are for proxyless gRPC clients, and Envoy itself must never load them.
 */
export function decodeSnapshot(published: Snapshot, registry: AnyRegistry = envoyAnyRegistry): DecodedResources {
  const snapshot = fleetView(published);
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

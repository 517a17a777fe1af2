import { envoy, envoyRuntimeLayers, fleetView, IsobarError, TypeUrl, type Snapshot } from '../../core/index.js';
import { type AnyRegistry, envoyAnyRegistry } from './any-registry.js';
import { ADMIN_ADDRESS } from './bootstrap-writer.js';
import { inlineCluster, inlineListener } from './inline-references.js';
import { toProtoJson, type JsonObject, type JsonValue } from './proto-json.js';
import { decodeSnapshot } from './snapshot-resources.js';

/** Listeners and clusters that need no control plane: every RDS, EDS and SDS reference inlined. */
export interface SelfContainedResources {
  listeners: envoy.Listener[];
  clusters: envoy.Cluster[];
}

export function selfContainedResources(snapshot: Snapshot, registry: AnyRegistry = envoyAnyRegistry): SelfContainedResources {
  const decoded = decodeSnapshot(snapshot, registry);
  return {
    listeners: [...decoded.listeners.values()].map((l) => inlineListener(l, decoded)),
    clusters: [...decoded.clusters.values()].map((c) => inlineCluster(c, decoded)),
  };
}

export interface StaticBootstrapOptions {
  /** Port of Envoy's admin interface, always on 127.0.0.1 (0: Envoy picks one). */
  adminPort: number;
  nodeId: string;
  nodeCluster: string;
}

/** A complete Envoy bootstrap with the snapshot as static_resources: Envoy runs it with no isobar at all. */
export function buildStaticBootstrap(snapshot: Snapshot, o: StaticBootstrapOptions, registry: AnyRegistry = envoyAnyRegistry): envoy.Bootstrap {
  return envoy.Bootstrap.fromPartial({
    node: { id: o.nodeId, cluster: o.nodeCluster },
    staticResources: selfContainedResources(snapshot, registry),
    admin: { address: { socketAddress: { address: ADMIN_ADDRESS, portValue: o.adminPort } } },
    layeredRuntime: { layers: envoyRuntimeLayers() },
  });
}

/** The static bootstrap as Envoy-readable JSON; the same snapshot always gives the same text. */
export function renderStaticBootstrap(snapshot: Snapshot, o: StaticBootstrapOptions, registry: AnyRegistry = envoyAnyRegistry): string {
  return renderChecked(toProtoJson(envoy.Bootstrap, buildStaticBootstrap(snapshot, o, registry), registry));
}

/**
 * File mode for a rendered config (the default fleet's, as decodeSnapshot): with TLS, private keys are inlined, so only the owner (the user Envoy
 * runs as) may read it; without, the usual 0644.
 */
export function fileModeFor(snapshot: Snapshot): number {
  return (fleetView(snapshot).resources.get(TypeUrl.Secret)?.items.size ?? 0) > 0 ? 0o600 : 0o644;
}

/**
 * JSON text of a self-contained config. A config source still pointing at ADS (say, a reference a
 * feature added that inline-references does not know) would leave Envoy waiting for a server that is
 * not there, so it is an error naming where it is.
 */
export function renderChecked(json: JsonObject): string {
  const where = findAds(json, '');
  if (where) throw new IsobarError('SNAPSHOT_INCONSISTENT', `static config still refers to the xDS server at ${where}; it cannot be served without a control plane`);
  return JSON.stringify(json, null, 2) + '\n';
}

function findAds(v: JsonValue, path: string): string | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  if (Array.isArray(v)) {
    for (const [i, item] of v.entries()) {
      const found = findAds(item, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, value] of Object.entries(v)) {
    if (key === 'ads' || key === 'apiConfigSource') return `${path}.${key}`;
    const found = findAds(value, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

import type { DagCluster } from '../dag/dag-types.js';
import { shortHash, stableStringify } from '../util/stable-json.js';

export const HTTP_LISTENER = 'ingress_http';
export const HTTPS_LISTENER = 'ingress_https';
export const HTTP_ROUTE_CONFIG = 'ingress_http';

export function secureRouteConfigName(host: string): string {
  return `https/${host}`;
}

/**
 * `namespace/service/port/<hash>`: the hash covers everything that shapes the Envoy cluster, so a
 * changed cluster gets a new name (Envoy warms it beside the old one) and an unchanged one keeps its name.
 */
export function clusterName(c: DagCluster): string {
  let name = nameCache.get(c);
  if (name === undefined) nameCache.set(c, (name = computeClusterName(c)));
  return name;
}

/** Translation runs after every processor, so a cluster's shape is final by then: its name can be kept. */
const nameCache = new WeakMap<DagCluster, string>();

function computeClusterName(c: DagCluster): string {
  const shape = stableStringify({ port: c.port, externalName: c.externalName, variant: c.variant, attributes: c.attributes.entries() });
  return `${c.endpointsName}/${shortHash(shape)}`;
}

import type { DagCluster, DagHttpsListener } from '../dag/dag-types.js';
import { shortHash, stableStringify } from '../util/stable-json.js';


export { HTTP_LISTENER, HTTPS_LISTENER } from '../dag/dag.js';

/** The route configuration of one TLS host of an HTTPS listener: `https/<host>` on the config's listener. */
export function secureRouteConfigName(listener: Pick<DagHttpsListener, 'routeConfigName'>, host: string): string {
  return `${listener.routeConfigName}/${host}`;
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

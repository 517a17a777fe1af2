import { envoy, type SnapshotResource } from '../../core/index.js';

/**
 * The ClusterLoadAssignment names that EDS clusters among `clusters` will ask for (service_name, or
 * the cluster's own name). Other discovery types (STATIC, STRICT_DNS, …) need no EDS answer.
 */
export function edsNamesOf(clusters: readonly SnapshotResource[]): string[] {
  const out: string[] = [];
  for (const r of clusters) {
    const cluster = envoy.Cluster.decode(r.resource.value);
    if (cluster.type !== envoy.Cluster_DiscoveryType.EDS) continue;
    out.push(cluster.edsClusterConfig?.serviceName || cluster.name);
  }
  return out;
}

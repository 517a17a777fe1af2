import { envoy, packAny } from '../../core/index.js';

/**
 * Names of the bootstrap's stats listener and its cluster. The '~' cannot appear in a Kubernetes name,
 * so none of isobar's dynamic listeners or clusters can ever take these.
 */
export const STATS_LISTENER_NAME = 'isobar~stats';
export const STATS_CLUSTER_NAME = 'isobar~envoy-admin';
export const STATS_PATH = '/stats/prometheus';

const HCM = 'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';
const ROUTER = 'envoy.extensions.filters.http.router.v3.Router';

/** The stat prefix of the stats listener and its connection manager. */
export const STATS_STAT_PREFIX = 'isobar_stats';

/**
 * A listener that exposes only GET /stats/prometheus of Envoy's admin (which stays on 127.0.0.1, since
 * it can stop Envoy and dump secrets); any other path, method or query gets a 404 from Envoy itself.
 */
export function statsListener(address: string, port: number): envoy.Listener {
  const routeConfig = {
    name: STATS_LISTENER_NAME,
    virtualHosts: [
      {
        name: STATS_LISTENER_NAME,
        domains: ['*'],
        routes: [
          {
            // A path match ignores the query string; matching ':path' too refuses '?format=...' style extras.
            match: {
              path: STATS_PATH,
              headers: [
                { name: ':method', stringMatch: { exact: 'GET' } },
                { name: ':path', stringMatch: { exact: STATS_PATH } },
              ],
            },
            route: { cluster: STATS_CLUSTER_NAME },
          },
          { match: { prefix: '/' }, directResponse: { status: 404 } },
        ],
      },
    ],
  };
  const hcm = envoy.HttpConnectionManager.fromPartial({
    statPrefix: STATS_STAT_PREFIX,
    routeConfig,
    httpFilters: [{ name: 'envoy.filters.http.router', typedConfig: packAny(ROUTER, envoy.Router, envoy.Router.fromPartial({})) }],
  });
  return envoy.Listener.fromPartial({
    name: STATS_LISTENER_NAME,
    // Its connections (Prometheus keeps one open) show as listener.isobar_stats.*, which a drain ignores.
    statPrefix: STATS_STAT_PREFIX,
    address: { socketAddress: { address, portValue: port } },
    filterChains: [{ filters: [{ name: 'envoy.filters.network.http_connection_manager', typedConfig: packAny(HCM, envoy.HttpConnectionManager, hcm) }] }],
  });
}

/** Static cluster to Envoy's own admin interface. */
export function statsCluster(adminAddress: string, adminPort: number): envoy.Cluster {
  return envoy.Cluster.fromPartial({
    name: STATS_CLUSTER_NAME,
    type: envoy.Cluster_DiscoveryType.STATIC,
    connectTimeout: { seconds: 1, nanos: 0 },
    loadAssignment: {
      clusterName: STATS_CLUSTER_NAME,
      endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: adminAddress, portValue: adminPort } } } }] }],
    },
  });
}

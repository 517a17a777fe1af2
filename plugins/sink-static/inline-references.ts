import { envoy, IsobarError, packAny } from '../../core/index.js';
import type { DecodedResources } from './snapshot-resources.js';

const HCM_TYPE = 'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';
const DOWNSTREAM_TLS_TYPE = 'envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext';
const typeNameOf = (typeUrl: string) => typeUrl.slice(typeUrl.lastIndexOf('/') + 1);

/**
 * Without a control plane nothing can answer an RDS, EDS or SDS request, so what a resource refers to by
 * name is copied into it: the route configuration into each HTTP connection manager (route_config for
 * rds), each cluster's endpoints into the cluster (load_assignment, STATIC, for EDS), and each
 * certificate into the TLS context that names it (tls_certificates for SDS). The snapshot's consistency
 * check guarantees every name exists; a missing one is still an error here rather than a broken Envoy.
 */
export function inlineListener(listener: envoy.Listener, r: DecodedResources): envoy.Listener {
  const chains = [...listener.filterChains, ...(listener.defaultFilterChain ? [listener.defaultFilterChain] : [])];
  for (const chain of chains) {
    for (const filter of chain.filters) {
      if (filter.typedConfig && typeNameOf(filter.typedConfig.typeUrl) === HCM_TYPE) {
        filter.typedConfig = packAny(HCM_TYPE, envoy.HttpConnectionManager, inlineRoutes(envoy.HttpConnectionManager.decode(filter.typedConfig.value), listener.name, r));
      }
    }
    const socket = chain.transportSocket;
    if (socket?.typedConfig && typeNameOf(socket.typedConfig.typeUrl) === DOWNSTREAM_TLS_TYPE) {
      socket.typedConfig = packAny(DOWNSTREAM_TLS_TYPE, envoy.DownstreamTlsContext, inlineCertificates(envoy.DownstreamTlsContext.decode(socket.typedConfig.value), listener.name, r));
    }
  }
  return listener;
}

export function inlineCluster(cluster: envoy.Cluster, r: DecodedResources): envoy.Cluster {
  if (cluster.type !== envoy.Cluster_DiscoveryType.EDS) return cluster;
  const serviceName = cluster.edsClusterConfig?.serviceName || cluster.name;
  const assignment = r.endpoints.get(serviceName);
  if (!assignment) throw missing(`cluster ${cluster.name}`, 'endpoints', serviceName);
  cluster.type = envoy.Cluster_DiscoveryType.STATIC;
  cluster.edsClusterConfig = undefined;
  cluster.loadAssignment = { ...assignment, clusterName: cluster.name };
  return cluster;
}

function inlineRoutes(hcm: envoy.HttpConnectionManager, from: string, r: DecodedResources): envoy.HttpConnectionManager {
  if (!hcm.rds) return hcm;
  const name = hcm.rds.routeConfigName;
  const routes = r.routes.get(name);
  if (!routes) throw missing(`listener ${from}`, 'route configuration', name);
  hcm.rds = undefined;
  // Over RDS a route to a cluster Envoy does not have yet answers 503 until CDS catches up; inlined, Envoy
  // would reject the whole listener instead. Keep the RDS behaviour: file-based LDS and CDS are two files
  // that Envoy reloads one after the other.
  hcm.routeConfig = { ...routes, validateClusters: routes.validateClusters ?? false };
  return hcm;
}

function inlineCertificates(tls: envoy.DownstreamTlsContext, from: string, r: DecodedResources): envoy.DownstreamTlsContext {
  const common = tls.commonTlsContext;
  if (!common || common.tlsCertificateSdsSecretConfigs.length === 0) return tls;
  for (const ref of common.tlsCertificateSdsSecretConfigs) {
    const certificate = r.secrets.get(ref.name)?.tlsCertificate;
    if (!certificate) throw missing(`listener ${from}`, 'TLS certificate secret', ref.name);
    common.tlsCertificates.push(certificate);
  }
  common.tlsCertificateSdsSecretConfigs = [];
  return tls;
}

function missing(from: string, what: string, name: string): IsobarError {
  return new IsobarError('SNAPSHOT_INCONSISTENT', `${from} refers to ${what} "${name}", which the snapshot does not have`);
}

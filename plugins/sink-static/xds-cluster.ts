import { isIP } from 'node:net';
import { envoy, packAny } from '../../core/index.js';
import { durationMs } from './durations.js';

export const HTTP_PROTOCOL_OPTIONS_KEY = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';

export interface XdsClusterOptions {
  name: string;
  address: string;
  port: number;
  connectTimeoutMs: number;
}

/**
 * The one static cluster of a bootstrap: the way to isobar's xDS server. gRPC needs HTTP/2, and the
 * stream is long-lived and mostly idle, so HTTP/2 PINGs and TCP keepalives find a dead peer (a
 * restarted pod, a dropped NAT entry) in seconds rather than when the kernel gives up.
 */
export function xdsCluster(o: XdsClusterOptions): envoy.Cluster {
  const byName = isIP(o.address) === 0;
  const protocolOptions = envoy.HttpProtocolOptions.fromPartial({
    explicitHttpConfig: {
      http2ProtocolOptions: { connectionKeepalive: { interval: durationMs(30_000), timeout: durationMs(5_000) } },
    },
  });
  return envoy.Cluster.fromPartial({
    name: o.name,
    // STATIC takes only IP literals; a host name (a Kubernetes Service) needs DNS, re-resolved as it changes.
    type: byName ? envoy.Cluster_DiscoveryType.STRICT_DNS : envoy.Cluster_DiscoveryType.STATIC,
    ...(byName ? { dnsLookupFamily: envoy.Cluster_DnsLookupFamily.V4_PREFERRED } : {}),
    connectTimeout: durationMs(o.connectTimeoutMs),
    loadAssignment: {
      clusterName: o.name,
      endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: o.address, portValue: o.port } } } }] }],
    },
    typedExtensionProtocolOptions: {
      [HTTP_PROTOCOL_OPTIONS_KEY]: packAny(HTTP_PROTOCOL_OPTIONS_KEY, envoy.HttpProtocolOptions, protocolOptions),
    },
    upstreamConnectionOptions: { tcpKeepalive: { keepaliveProbes: 3, keepaliveTime: 30, keepaliveInterval: 5 } },
  });
}

import { isIP } from 'node:net';
import { envoy, packAny } from '../../core/index.js';
import { durationMs } from './durations.js';

export const HTTP_PROTOCOL_OPTIONS_KEY = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';

export const TLS_TRANSPORT_SOCKET = 'envoy.transport_sockets.tls';
const UPSTREAM_TLS_CONTEXT = 'envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext';

export interface XdsClusterOptions {
  name: string;
  address: string;
  port: number;
  connectTimeoutMs: number;
  /** Mutual TLS to the xDS server; absent: plaintext. */
  tls?: XdsClusterTls;
}

/** File paths as Envoy sees them (e.g. a mounted Secret): read by Envoy at start. */
export interface XdsClusterTls {
  caFile: string;
  certFile: string;
  keyFile: string;
  /** SNI, and the subject alternative name the server's certificate must carry (a DNS name or an IP). */
  serverName: string;
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
    ...(o.tls ? { transportSocket: { name: TLS_TRANSPORT_SOCKET, typedConfig: packAny(UPSTREAM_TLS_CONTEXT, envoy.UpstreamTlsContext, upstreamTls(o.tls)) } } : {}),
  });
}

/**
 * Envoy's side of xDS mutual TLS: present the client certificate, trust only the xDS CA, and accept only
 * a server certificate naming `serverName` (whatever address was dialled: 127.0.0.1 in a pod, a Service
 * name elsewhere). ALPN h2 is spelled out: isobar's gRPC server (Node's HTTP/2) answers a TLS connection
 * without it with "403 Missing ALPN Protocol"; Envoy offers h2 for an HTTP/2 cluster anyway, but the
 * bootstrap should not lean on that.
 */
function upstreamTls(tls: XdsClusterTls): envoy.UpstreamTlsContext {
  const byIp = isIP(tls.serverName) !== 0;
  const sanType = byIp ? envoy.SubjectAltNameMatcher_SanType.IP_ADDRESS : envoy.SubjectAltNameMatcher_SanType.DNS;
  return envoy.UpstreamTlsContext.fromPartial({
    commonTlsContext: {
      tlsCertificates: [{ certificateChain: { filename: tls.certFile }, privateKey: { filename: tls.keyFile } }],
      validationContext: {
        trustedCa: { filename: tls.caFile },
        matchTypedSubjectAltNames: [{ sanType, matcher: { exact: tls.serverName } }],
      },
      alpnProtocols: ['h2'],
    },
    // SNI is for host names only (RFC 6066); an IP server name is checked against the certificate's IP SANs.
    sni: byIp ? '' : tls.serverName,
  });
}

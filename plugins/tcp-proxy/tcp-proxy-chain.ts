import { envoy, names, packAny, type DagSecureVirtualHost } from '../../core/index.js';
import { TCP_BACKENDS, type TcpBackend } from './tcp-backends.js';

const TCP_PROXY_TYPE = 'envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy';
const DOWNSTREAM_TLS_TYPE = 'envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext';

/**
 * Turns a TLS host's filter chain into a TCP proxy when the host has TCP backends. With a secret Envoy
 * terminates TLS and proxies the plain bytes; without one (passthrough) the chain has no transport
 * socket, so the client's TLS goes untouched to the backend, chosen by SNI alone.
 */
export function tcpProxyChain(vh: DagSecureVirtualHost, out: envoy.FilterChain): void {
  const backends = vh.attributes.get(TCP_BACKENDS);
  if (!backends || backends.length === 0) return;
  out.filters = [tcpProxyFilter(vh.host, backends)];
  if (!vh.secret) out.transportSocket = undefined;
  else withoutAlpn(out);
}

export function tcpProxyFilter(host: string, backends: readonly TcpBackend[]): envoy.Filter {
  const statPrefix = `ingress_https/${host}`;
  const config =
    backends.length === 1
      ? envoy.TcpProxy.fromPartial({ statPrefix, cluster: names.clusterName(backends[0]!.cluster) })
      : envoy.TcpProxy.fromPartial({
          statPrefix,
          weightedClusters: { clusters: backends.map((b) => ({ name: names.clusterName(b.cluster), weight: b.weight })) },
        });
  return envoy.Filter.fromPartial({ name: 'envoy.filters.network.tcp_proxy', typedConfig: packAny(TCP_PROXY_TYPE, envoy.TcpProxy, config) });
}

/**
 * Core offers h2 and http/1.1 by ALPN for HTTP hosts. The bytes of a TCP host are neither, and a
 * client told "h2" would speak HTTP/2 to a backend that never agreed to it, so offer nothing.
 */
function withoutAlpn(out: envoy.FilterChain): void {
  const any = out.transportSocket?.typedConfig;
  if (!any || any.typeUrl !== `type.googleapis.com/${DOWNSTREAM_TLS_TYPE}`) return;
  const tls = envoy.DownstreamTlsContext.decode(any.value);
  if (!tls.commonTlsContext) return;
  tls.commonTlsContext.alpnProtocols = [];
  out.transportSocket!.typedConfig = packAny(DOWNSTREAM_TLS_TYPE, envoy.DownstreamTlsContext, tls);
}

import { Cluster, Cluster_DiscoveryType, Cluster_DnsLookupFamily } from '../generated/envoy/config/cluster/v3/cluster.js';
import type { DagCluster } from '../dag/dag-types.js';
import { xdsConfigSource } from './config-source.js';
import { loadAssignment } from './endpoint-translator.js';
import { clusterName } from './names.js';
import type { TranslateSettings } from './translate-settings.js';
import { runHooks, type TranslatorHooks } from './translator-hooks.js';
import { HttpProtocolOptions } from '../generated/envoy/extensions/upstreams/http/v3/http_protocol_options.js';
import { packAny } from './any.js';
import { upstreamTlsSocket } from './upstream-tls.js';

/** Kubernetes' appProtocol for HTTP/2 without TLS (KEP-3726). */
const H2C = 'kubernetes.io/h2c';
const HTTP_OPTIONS = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';

export function translateCluster(c: DagCluster, s: TranslateSettings, hooks: readonly TranslatorHooks[]): Cluster {
  const name = clusterName(c);
  const connectTimeout = { seconds: Math.floor(s.connectTimeoutMs / 1000), nanos: (s.connectTimeoutMs % 1000) * 1e6 };
  const out = c.externalName
    ? Cluster.fromPartial({
        name,
        type: Cluster_DiscoveryType.STRICT_DNS,
        dnsLookupFamily: Cluster_DnsLookupFamily.V4_PREFERRED,
        connectTimeout,
        loadAssignment: loadAssignment(name, [{ ip: c.externalName, port: c.port.port }]),
      })
    : Cluster.fromPartial({
        name,
        altStatName: c.endpointsName.replaceAll('/', '_'),
        type: Cluster_DiscoveryType.EDS,
        edsClusterConfig: { edsConfig: xdsConfigSource(s.xdsConfigSource), serviceName: c.endpointsName },
        connectTimeout,
      });
  const http2 = c.http2 === true || c.port.appProtocol === H2C;
  if (c.upstreamTls) out.transportSocket = upstreamTlsSocket(c.upstreamTls, http2, xdsConfigSource(s.xdsConfigSource));
  if (http2) {
    const options = HttpProtocolOptions.fromPartial({ explicitHttpConfig: { http2ProtocolOptions: {} } });
    out.typedExtensionProtocolOptions = { ...out.typedExtensionProtocolOptions, [HTTP_OPTIONS]: packAny(HTTP_OPTIONS, HttpProtocolOptions, options) };
  }
  runHooks(hooks, 'cluster', c, out);
  return out;
}

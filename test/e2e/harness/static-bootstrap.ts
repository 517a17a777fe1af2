import { envoy, packAny } from '../../../core/index.js';
import { durationMs } from '../../../plugins/sink-static/durations.js';
import { toProtoJson, type JsonObject } from '../../../plugins/sink-static/proto-json.js';
import type { CertificateAndKey } from './certs.js';

/**
 * A bootstrap with only static resources, for testing the harness (and proto-json) without a control
 * plane: an HTTP listener and, optionally, a TLS listener that picks its certificate by SNI, both
 * sending every request to one backend. Built from the ts-proto types, so it is also a check that
 * what those types describe is what this Envoy accepts.
 */
export interface StaticProxyOptions {
  backend: { host: string; port: number };
  httpPort: number;
  /** TLS listener: serves `certificate` for exactly `serverNames` (no default chain, so other SNI is refused). */
  https?: { port: number; serverNames: string[]; certificate: CertificateAndKey };
  /** Log each request to Envoy's stdout (exercises a third level of nested Any). */
  accessLog?: boolean;
}

export const STATIC_BACKEND_CLUSTER = 'backend';

export function staticProxyBootstrap(o: StaticProxyOptions): JsonObject {
  const listeners = [
    envoy.Listener.fromPartial({
      name: 'http',
      address: socket(o.httpPort),
      filterChains: [{ filters: [httpConnectionManager('http', o.accessLog ?? false)] }],
    }),
  ];
  if (o.https) {
    const tls = envoy.DownstreamTlsContext.fromPartial({
      commonTlsContext: {
        tlsCertificates: [{ certificateChain: { inlineString: o.https.certificate.certPem }, privateKey: { inlineString: o.https.certificate.keyPem } }],
      },
    });
    listeners.push(
      envoy.Listener.fromPartial({
        name: 'https',
        address: socket(o.https.port),
        listenerFilters: [{ name: 'envoy.filters.listener.tls_inspector', typedConfig: typed('envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector', envoy.TlsInspector, {}) }],
        filterChains: [
          {
            filterChainMatch: { serverNames: o.https.serverNames },
            transportSocket: { name: 'envoy.transport_sockets.tls', typedConfig: typed('envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext', envoy.DownstreamTlsContext, tls) },
            filters: [httpConnectionManager('https', o.accessLog ?? false)],
          },
        ],
      }),
    );
  }
  const cluster = envoy.Cluster.fromPartial({
    name: STATIC_BACKEND_CLUSTER,
    type: envoy.Cluster_DiscoveryType.STATIC,
    connectTimeout: durationMs(1000),
    loadAssignment: {
      clusterName: STATIC_BACKEND_CLUSTER,
      endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: o.backend.host, portValue: o.backend.port } } } }] }],
    },
  });
  const bootstrap = envoy.Bootstrap.fromPartial({
    node: { id: 'harness', cluster: 'harness' },
    staticResources: { listeners, clusters: [cluster] },
    admin: { address: { socketAddress: { address: '127.0.0.1', portValue: 0 } } },
  });
  return toProtoJson(envoy.Bootstrap, bootstrap);
}

function socket(port: number) {
  return { socketAddress: { address: '127.0.0.1', portValue: port } };
}

/** An Any of `message`; the codec's fromPartial fills in defaults the way the translators' do. */
function typed<T>(typeName: string, codec: Parameters<typeof packAny<T>>[1] & { fromPartial(o: never): T }, partial: object): envoy.Any {
  return packAny(typeName, codec, codec.fromPartial(partial as never));
}

function httpConnectionManager(statPrefix: string, accessLog: boolean) {
  const hcm = envoy.HttpConnectionManager.fromPartial({
    statPrefix,
    codecType: envoy.HttpConnectionManager_CodecType.AUTO,
    routeConfig: {
      name: statPrefix,
      virtualHosts: [{ name: 'all', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster: STATIC_BACKEND_CLUSTER } }] }],
    },
    httpFilters: [{ name: 'envoy.filters.http.router', typedConfig: typed('envoy.extensions.filters.http.router.v3.Router', envoy.Router, {}) }],
    accessLog: accessLog
      ? [{ name: 'envoy.access_loggers.stdout', typedConfig: typed('envoy.extensions.access_loggers.stream.v3.StdoutAccessLog', envoy.StdoutAccessLog, {}) }]
      : [],
  });
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typedConfig: typed('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', envoy.HttpConnectionManager, hcm),
  };
}

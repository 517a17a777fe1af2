import { envoy } from '../../core/index.js';

/** The two things proto-json needs from a ts-proto message codec. */
export interface JsonCodec<T = unknown> {
  decode(input: Uint8Array): T;
  toJSON(message: T): unknown;
}

const TYPE_URL_PREFIX = 'type.googleapis.com/';

/**
 * Which message type a google.protobuf.Any holds, by type URL, so proto-json can unpack it. Kept as a
 * value (not a global) so a caller can add the types its own config packs without touching this file.
 */
export class AnyRegistry {
  private readonly codecs = new Map<string, JsonCodec>();

  constructor(entries: Iterable<readonly [typeName: string, codec: JsonCodec]> = []) {
    for (const [name, codec] of entries) this.register(name, codec);
  }

  /** `typeName` is the fully qualified proto name, e.g. `envoy.extensions.filters.http.router.v3.Router`. */
  register<T>(typeName: string, codec: JsonCodec<T>): this {
    this.codecs.set(typeName, codec);
    return this;
  }

  /** A copy with more types; the original is left as it was. */
  with(entries: Iterable<readonly [typeName: string, codec: JsonCodec]>): AnyRegistry {
    const copy = new AnyRegistry();
    for (const [name, codec] of this.codecs) copy.register(name, codec);
    for (const [name, codec] of entries) copy.register(name, codec);
    return copy;
  }

  /** The codec for a type URL (any prefix up to the last '/'), or undefined when not registered. */
  lookup(typeUrl: string): JsonCodec | undefined {
    return this.codecs.get(typeUrl.slice(typeUrl.lastIndexOf('/') + 1));
  }

  typeNames(): string[] {
    return [...this.codecs.keys()].sort();
  }
}

/** The full type URL Envoy expects for a proto type name. */
export function typeUrlOf(typeName: string): string {
  return TYPE_URL_PREFIX + typeName;
}

/** Every type isobar packs into an Any today: extension configs and the xDS resource types. */
export const envoyAnyRegistry = new AnyRegistry([
  ['envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', envoy.HttpConnectionManager],
  ['envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy', envoy.TcpProxy],
  ['envoy.extensions.filters.network.direct_response.v3.Config', envoy.DirectResponseConfig],
  ['envoy.extensions.filters.http.router.v3.Router', envoy.Router],
  ['envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector', envoy.TlsInspector],
  ['envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext', envoy.DownstreamTlsContext],
  ['envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext', envoy.UpstreamTlsContext],
  ['envoy.extensions.access_loggers.stream.v3.StdoutAccessLog', envoy.StdoutAccessLog],
  ['envoy.extensions.access_loggers.stream.v3.StderrAccessLog', envoy.StderrAccessLog],
  ['envoy.extensions.upstreams.http.v3.HttpProtocolOptions', envoy.HttpProtocolOptions],
  ['envoy.config.listener.v3.Listener', envoy.Listener],
  ['envoy.config.route.v3.RouteConfiguration', envoy.RouteConfiguration],
  ['envoy.config.cluster.v3.Cluster', envoy.Cluster],
  ['envoy.config.endpoint.v3.ClusterLoadAssignment', envoy.ClusterLoadAssignment],
  ['envoy.extensions.transport_sockets.tls.v3.Secret', envoy.Secret],
]);

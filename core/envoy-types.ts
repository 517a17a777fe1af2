/** The generated Envoy and xDS types plugins may use, re-exported so plugins need not reach into core/generated. */
export { DiscoveryRequest, DiscoveryResponse, DeltaDiscoveryRequest, DeltaDiscoveryResponse } from './generated/envoy/service/discovery/v3/discovery.js';
export { AggregatedDiscoveryServiceService } from './generated/envoy/service/discovery/v3/ads.js';
export { ListenerDiscoveryServiceService } from './generated/envoy/service/listener/v3/lds.js';
export { RouteDiscoveryServiceService } from './generated/envoy/service/route/v3/rds.js';
export { ClusterDiscoveryServiceService } from './generated/envoy/service/cluster/v3/cds.js';
export { EndpointDiscoveryServiceService } from './generated/envoy/service/endpoint/v3/eds.js';
export { SecretDiscoveryServiceService } from './generated/envoy/service/secret/v3/sds.js';
export { Bootstrap } from './generated/envoy/config/bootstrap/v3/bootstrap.js';
export { Listener } from './generated/envoy/config/listener/v3/listener.js';
export { RouteConfiguration } from './generated/envoy/config/route/v3/route.js';
export { Cluster } from './generated/envoy/config/cluster/v3/cluster.js';
export { ClusterLoadAssignment } from './generated/envoy/config/endpoint/v3/endpoint.js';
export { Secret } from './generated/envoy/extensions/transport_sockets/tls/v3/secret.js';
export { HttpConnectionManager } from './generated/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.js';
export { Any } from './generated/google/protobuf/any.js';
export { Status as RpcStatus } from './generated/google/rpc/status.js';
// Used by sink-static (bootstrap, static config rendering) and the e2e harness.
export { ApiVersion, ApiConfigSource_ApiType } from './generated/envoy/config/core/v3/config_source.js';
export { Cluster_DiscoveryType, Cluster_DnsLookupFamily } from './generated/envoy/config/cluster/v3/cluster.js';
export { HttpProtocolOptions } from './generated/envoy/extensions/upstreams/http/v3/http_protocol_options.js';
export { HttpConnectionManager_CodecType } from './generated/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.js';
export { Router } from './generated/envoy/extensions/filters/http/router/v3/router.js';
export { TlsInspector } from './generated/envoy/extensions/filters/listener/tls_inspector/v3/tls_inspector.js';
export { DownstreamTlsContext, UpstreamTlsContext } from './generated/envoy/extensions/transport_sockets/tls/v3/tls.js';
export { StdoutAccessLog, StderrAccessLog } from './generated/envoy/extensions/access_loggers/stream/v3/stream.js';
export { TcpProxy } from './generated/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.js';

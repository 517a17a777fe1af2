import { Listener } from '../generated/envoy/config/listener/v3/listener.js';
import {
  HttpConnectionManager,
  HttpConnectionManager_CodecType,
} from '../generated/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.js';
import { Router } from '../generated/envoy/extensions/filters/http/router/v3/router.js';
import { packAny } from './any.js';
import { adsConfigSource } from './config-source.js';
import { grpcRouteConfigName } from './grpc-route-translator.js';

/**
 * A gRPC "API listener" named after a host, for proxyless gRPC clients (`xds:///host`). Its route
 * configuration is that host's plain HTTP routes in the form gRPC clients accept (grpc-route-translator),
 * so a host routes the same for them as through Envoy, and no other host's routes can make them NACK.
 * Served only to clients that ask for the name: Envoy's wildcard listener subscription never sees them.
 */
export function translateApiListener(host: string): Listener {
  const hcm = HttpConnectionManager.fromPartial({
    statPrefix: host,
    codecType: HttpConnectionManager_CodecType.AUTO,
    rds: { configSource: adsConfigSource(), routeConfigName: grpcRouteConfigName(host) },
    httpFilters: [{ name: 'envoy.filters.http.router', typedConfig: packAny('envoy.extensions.filters.http.router.v3.Router', Router, Router.fromPartial({})) }],
  });
  return Listener.fromPartial({
    name: host,
    apiListener: { apiListener: packAny('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', HttpConnectionManager, hcm) },
  });
}

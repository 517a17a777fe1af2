import { Listener } from '../generated/envoy/config/listener/v3/listener.js';
import {
  HttpConnectionManager,
  HttpConnectionManager_CodecType,
} from '../generated/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.js';
import { Router } from '../generated/envoy/extensions/filters/http/router/v3/router.js';
import { packAny } from './any.js';
import { adsConfigSource } from './config-source.js';
import { HTTP_ROUTE_CONFIG } from './names.js';

/**
 * A gRPC "API listener" named after a host, for proxyless gRPC clients (`xds:///host`). They share the
 * plain HTTP route configuration, so a host routes the same for them as through Envoy. Served only to
 * clients that ask for the name: Envoy's wildcard listener subscription never sees them.
 */
export function translateApiListener(host: string): Listener {
  const hcm = HttpConnectionManager.fromPartial({
    statPrefix: host,
    codecType: HttpConnectionManager_CodecType.AUTO,
    rds: { configSource: adsConfigSource(), routeConfigName: HTTP_ROUTE_CONFIG },
    httpFilters: [{ name: 'envoy.filters.http.router', typedConfig: packAny('envoy.extensions.filters.http.router.v3.Router', Router, Router.fromPartial({})) }],
  });
  return Listener.fromPartial({
    name: host,
    apiListener: { apiListener: packAny('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', HttpConnectionManager, hcm) },
  });
}

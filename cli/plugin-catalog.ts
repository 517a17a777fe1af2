import type { PluginCatalog } from '../core/container/plugin-loader.js';

/** Every plugin isobar ships, by id. The config's `plugins` list picks which load. */
export const pluginCatalog: PluginCatalog = {
  'api-ingress': async () => (await import('../plugins/api-ingress/api-ingress-module.js')).plugin,
  'api-ingressroute': async () => (await import('../plugins/api-ingressroute/api-ingressroute-module.js')).plugin,
  'api-gateway': async () => (await import('../plugins/api-gateway/api-gateway-module.js')).plugin,
  'source-file': async () => (await import('../plugins/source-file/source-file-module.js')).plugin,
  'source-k8s': async () => (await import('../plugins/source-k8s/source-k8s-module.js')).plugin,
  'sink-xds': async () => (await import('../plugins/sink-xds/sink-xds-module.js')).plugin,
  'sink-static': async () => (await import('../plugins/sink-static/sink-static-module.js')).plugin,
  'tcp-proxy': async () => (await import('../plugins/tcp-proxy/tcp-proxy-module.js')).plugin,
  'prefix-rewrite': async () => (await import('../plugins/prefix-rewrite/prefix-rewrite-module.js')).plugin,
  'timeout-retry': async () => (await import('../plugins/timeout-retry/timeout-retry-module.js')).plugin,
  'load-balancing': async () => (await import('../plugins/load-balancing/load-balancing-module.js')).plugin,
  'health-check': async () => (await import('../plugins/health-check/health-check-module.js')).plugin,
  websocket: async () => (await import('../plugins/websocket/websocket-module.js')).plugin,
};

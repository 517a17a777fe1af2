import type { PluginCatalog } from '../core/container/plugin-loader.js';

/** Every plugin isobar ships, by id. The config's `plugins` list picks which load. */
export const pluginCatalog: PluginCatalog = {
  'source-file': async () => (await import('../plugins/source-file/source-file-module.js')).plugin,
  'sink-xds': async () => (await import('../plugins/sink-xds/sink-xds-module.js')).plugin,
  'sink-static': async () => (await import('../plugins/sink-static/sink-static-module.js')).plugin,
  websocket: async () => (await import('../plugins/websocket/websocket-module.js')).plugin,
};

import { ContainerModule } from 'inversify';
import type { PluginDescriptor } from '../../core/index.js';

/**
 * Static / file-based Envoy config. For now only the bootstrap (`isobar bootstrap`, also used by
 * `isobar standalone`) lives here and needs no bindings; rendering whole snapshots to files comes later.
 */
export const plugin: PluginDescriptor = {
  id: 'sink-static',
  kind: 'sink',
  description: 'Envoy bootstrap and static, file-based Envoy config',
  module: new ContainerModule(() => {}),
};

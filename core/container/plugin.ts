import type { ContainerModule } from 'inversify';
import type { Kind } from '../kinds/kind.js';

/** What every `<name>-module.ts` exports as `plugin`. Checked when the plugin loads. */
export interface PluginDescriptor {
  id: string;
  /** `api`: a routing API (plugins/api-<name>), which declares the kinds it reads. */
  kind: 'source' | 'sink' | 'feature' | 'api';
  description: string;
  /** Ids of plugins that must be loaded too. */
  dependsOn?: string[];
  /** The kinds the plugin reads: both sources serve them once it is loaded (bound as `Kind`). */
  kinds?: readonly Kind[];
  module: ContainerModule;
}

export const ConfigId = Symbol.for('isobar.Config');

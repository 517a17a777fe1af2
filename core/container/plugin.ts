import type { ContainerModule } from 'inversify';

/** What every `<name>-module.ts` exports as `plugin`. Checked when the plugin loads. */
export interface PluginDescriptor {
  id: string;
  kind: 'source' | 'sink' | 'feature';
  description: string;
  /** Ids of plugins that must be loaded too. */
  dependsOn?: string[];
  module: ContainerModule;
}

export const ConfigId = Symbol.for('isobar.Config');

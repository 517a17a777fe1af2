import type { ContainerModule } from 'inversify';
import type { Kind } from '../kinds/kind.js';
import type { IsobarConfig } from '../../config/schema.js';

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
  /**
   * Kubernetes API writes the plugin makes beyond its kinds' status, with this config (say, a Deployment
   * per Gateway): what its RBAC must grant, and no more.
   */
  permissions?(config: IsobarConfig): readonly ApiPermission[];
  module: ContainerModule;
}

/** A right on one resource: `group` '' for the core group, `resource` as in API paths (plural). */
export interface ApiPermission {
  group: string;
  resource: string;
  verbs: readonly string[];
}

export const ConfigId = Symbol.for('isobar.Config');

import { Container } from 'inversify';
import { IsobarError } from '../errors.js';
import type { PluginDescriptor } from './plugin.js';

/** Plugins by id, each loaded on demand so unused ones cost nothing. */
export type PluginCatalog = Record<string, () => Promise<PluginDescriptor>>;

/**
 * Loads the plugins the config names into the container, after checking each one's metadata: the id it
 * declares matches, and every plugin it depends on is loaded too.
 */
export async function loadPlugins(container: Container, catalog: PluginCatalog, ids: readonly string[]): Promise<PluginDescriptor[]> {
  const unknown = ids.filter((id) => !catalog[id]);
  if (unknown.length > 0) {
    throw new IsobarError('PLUGIN_UNKNOWN', `unknown plugin(s) in config "plugins": ${unknown.join(', ')}; known: ${Object.keys(catalog).sort().join(', ')}`);
  }
  const loaded: PluginDescriptor[] = [];
  for (const id of new Set(ids)) {
    const p = await catalog[id]!();
    if (p.id !== id) throw new IsobarError('PLUGIN_INVALID', `plugin "${id}" declares id "${p.id}"`);
    loaded.push(p);
  }
  for (const p of loaded) {
    const missing = (p.dependsOn ?? []).filter((d) => !ids.includes(d));
    if (missing.length > 0) throw new IsobarError('PLUGIN_DEPENDENCY', `plugin "${p.id}" needs ${missing.join(', ')}; add it to "plugins"`);
  }
  await container.load(...loaded.map((p) => p.module));
  return loaded;
}

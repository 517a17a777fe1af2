import { Container } from 'inversify';
import { IsobarError } from '../errors.js';
import { Kind } from '../kinds/kind.js';
import { UnservedKinds } from '../kinds/kind-registry.js';
import type { PluginDescriptor } from './plugin.js';

/** Plugins by id, each loaded on demand so unused ones cost nothing. */
export type PluginCatalog = Record<string, () => Promise<PluginDescriptor>>;

/** Routing-API plugins are named `api-<name>`. */
const API_PREFIX = 'api-';
/** What a `plugins` list that names no routing API gets, so that a config written before APIs were plugins keeps routing. */
export const DEFAULT_APIS = ['api-ingress', 'api-ingressroute'];

/** The plugin ids to load: the list as written, plus the default routing APIs when it names none. */
export function withDefaultApis(ids: readonly string[]): string[] {
  return ids.some((id) => id.startsWith(API_PREFIX)) ? [...ids] : [...ids, ...DEFAULT_APIS];
}

/**
 * Loads the plugins the config names into the container, after checking each one's metadata: the id it
 * declares matches, and every plugin it depends on is loaded too. The kinds each declares are bound as
 * `Kind`; those of routing-API plugins in the catalog that are not loaded are bound as `UnservedKinds`, so
 * an object of such a kind is told which plugin to enable.
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
  for (const p of loaded) for (const k of p.kinds ?? []) container.bind<Kind>(Kind).toConstantValue(k);
  container.bind<UnservedKinds>(UnservedKinds).toConstantValue(await unloadedApiKinds(catalog, ids));
  await container.load(...loaded.map((p) => p.module));
  return loaded;
}

async function unloadedApiKinds(catalog: PluginCatalog, ids: readonly string[]): Promise<Kind[]> {
  const others = Object.keys(catalog).filter((id) => id.startsWith(API_PREFIX) && !ids.includes(id)).sort();
  const kinds: Kind[] = [];
  for (const id of others) kinds.push(...((await catalog[id]!()).kinds ?? []));
  return kinds;
}

import { DEFAULT_FLEET, FLEET_METADATA_KEY, type envoy } from '../../core/index.js';

/**
 * The fleet an Envoy belongs to: the string under `isobar.io/fleet` in its node metadata (`isobar
 * bootstrap --fleet` writes it). Absent or empty: the default fleet. `invalid` says the key is there
 * with something other than a string, which is served as the default fleet and worth a warning.
 */
export function fleetOfNode(node: envoy.DiscoveryRequest['node']): { fleet: string; invalid?: unknown } {
  const value: unknown = node?.metadata?.[FLEET_METADATA_KEY];
  if (value === undefined || value === null) return { fleet: DEFAULT_FLEET };
  if (typeof value === 'string') return { fleet: value };
  return { fleet: DEFAULT_FLEET, invalid: value };
}

/**
 * Fleets: groups of Envoys that serve different listeners from one control plane (e.g. one Envoy
 * Deployment per Gateway API Gateway). A listener names its fleet in the DAG (`ListenerDefinition.fleet`);
 * an Envoy names its own in its node metadata. Both sides meet here.
 */

/** The fleet of listeners that name none, and of Envoys started without one. */
export const DEFAULT_FLEET = '';

/** The key of Envoy's `node.metadata` (a google.protobuf.Struct) whose string value is its fleet. */
export const FLEET_METADATA_KEY = 'isobar.io/fleet';

/**
 * A fleet's share of one type: exactly `only` (sorted by name, as a snapshot's sets are), or everything
 * but `except`.
 */
export type NameFilter = { readonly only: readonly string[] } | { readonly except: ReadonlySet<string> };

/** Nothing of a type. */
export const NOTHING: NameFilter = { only: [] };

import type { Cluster } from '../generated/envoy/config/cluster/v3/cluster.js';
import type { Route, VirtualHost } from '../generated/envoy/config/route/v3/route_components.js';
import type { FilterChain } from '../generated/envoy/config/listener/v3/listener_components.js';
import type { DagCluster, DagRoute, DagSecureVirtualHost, DagVirtualHost } from '../dag/dag-types.js';

/** Where a feature plugin turns its DAG attributes into Envoy fields. Hooks edit `out` in place. */
export interface TranslatorHooks {
  route?(route: DagRoute, out: Route): void;
  virtualHost?(vh: DagVirtualHost, out: VirtualHost): void;
  cluster?(cluster: DagCluster, out: Cluster): void;
  /** A TLS host's filter chain on the HTTPS listener (e.g. replace HTTP routing by a TCP proxy). */
  secureFilterChain?(vh: DagSecureVirtualHost, out: FilterChain): void;
}

/** Runs every feature's hook of one kind in registration order. */
export function runHooks<K extends keyof TranslatorHooks>(
  hooks: readonly TranslatorHooks[],
  kind: K,
  ...args: Parameters<NonNullable<TranslatorHooks[K]>>
): void {
  for (const h of hooks) (h[kind] as ((...a: typeof args) => void) | undefined)?.(...args);
}

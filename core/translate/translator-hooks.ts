import type { Cluster } from '../generated/envoy/config/cluster/v3/cluster.js';
import type { Route, VirtualHost } from '../generated/envoy/config/route/v3/route_components.js';
import type { DagCluster, DagRoute, DagVirtualHost } from '../dag/dag-types.js';

/** Where a feature plugin turns its DAG attributes into Envoy fields. Hooks edit `out` in place. */
export interface TranslatorHooks {
  route?(route: DagRoute, out: Route): void;
  virtualHost?(vh: DagVirtualHost, out: VirtualHost): void;
  cluster?(cluster: DagCluster, out: Cluster): void;
}

/** Runs every feature's hook of one kind in registration order. */
export function runHooks<K extends keyof TranslatorHooks>(
  hooks: readonly TranslatorHooks[],
  kind: K,
  ...args: Parameters<NonNullable<TranslatorHooks[K]>>
): void {
  for (const h of hooks) (h[kind] as ((...a: typeof args) => void) | undefined)?.(...args);
}

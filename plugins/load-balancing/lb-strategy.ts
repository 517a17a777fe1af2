import { AttributeKey, envoy } from '../../core/index.js';

/** The strategies of Contour's IngressRoute, and the Envoy load balancer each one means. */
export const LB_POLICIES: Readonly<Record<string, envoy.Cluster_LbPolicy>> = {
  RoundRobin: envoy.Cluster_LbPolicy.ROUND_ROBIN,
  WeightedLeastRequest: envoy.Cluster_LbPolicy.LEAST_REQUEST,
  Random: envoy.Cluster_LbPolicy.RANDOM,
  // Session affinity: a consistent hash of the affinity cookie picks the endpoint (see session-affinity.ts).
  Cookie: envoy.Cluster_LbPolicy.RING_HASH,
};

export const COOKIE_STRATEGY = 'Cookie';

/**
 * On clusters whose service entry has a `strategy`: the strategy exactly as written. Kept as written
 * (an unknown one included, which the hook serves as round robin) because core names a cluster by its
 * attributes: two service entries that differ only in an unknown strategy are two clusters, and must
 * not end up with one name.
 */
export const LB_STRATEGY = new AttributeKey<string>('load-balancing.strategy');

/** The Envoy policy for a written strategy; round robin (Envoy's default) for anything unknown. */
export function lbPolicyOf(strategy: string): envoy.Cluster_LbPolicy {
  return Object.hasOwn(LB_POLICIES, strategy) ? LB_POLICIES[strategy]! : envoy.Cluster_LbPolicy.ROUND_ROBIN;
}

/** Why a written `strategy` is not one we know, or undefined when it is fine (or absent). */
export function strategyProblem(strategy: unknown): string | undefined {
  if (strategy === undefined || strategy === null) return undefined;
  if (typeof strategy === 'string' && Object.hasOwn(LB_POLICIES, strategy)) return undefined;
  return `strategy must be one of ${Object.keys(LB_POLICIES).join(', ')}, not ${JSON.stringify(strategy)}; using RoundRobin`;
}

/** The attribute value for a written strategy: strings as they are, anything else as its JSON. */
export function strategyAttribute(strategy: unknown): string | undefined {
  if (strategy === undefined || strategy === null) return undefined;
  return typeof strategy === 'string' ? strategy : JSON.stringify(strategy);
}

import { injectable } from 'inversify';
import type { DagCluster, DagRoute, envoy, Feature, TranslatorHooks } from '../../core/index.js';
import { lbPolicyOf, LB_STRATEGY } from './lb-strategy.js';
import { LoadBalancingProcessor } from './load-balancing-processor.js';
import { affinityHashPolicy, SESSION_AFFINITY } from './session-affinity.js';

/**
 * How traffic is spread: between the services of a route (weights, which core already translates into
 * weighted clusters) and between the endpoints of a service (the load balancer of its cluster, and for
 * `strategy: Cookie` the affinity cookie the route hashes on).
 */
@injectable()
export class LoadBalancingFeature implements Feature {
  readonly id = 'load-balancing';
  readonly processor = new LoadBalancingProcessor();
  readonly hooks: TranslatorHooks = {
    cluster(cluster: DagCluster, out: envoy.Cluster): void {
      const strategy = cluster.attributes.get(LB_STRATEGY);
      if (strategy !== undefined) out.lbPolicy = lbPolicyOf(strategy);
    },
    route(route: DagRoute, out: envoy.Route): void {
      if (route.attributes.get(SESSION_AFFINITY) && out.route) out.route.hashPolicy = [...out.route.hashPolicy, ...affinityHashPolicy()];
    },
  };
}

import { injectable } from 'inversify';
import { CLUSTER_MAX_RETRIES, envoy, toProtoDuration, type DagCluster, type DagRoute, type Feature, type TranslatorHooks } from '../../core/index.js';
import { envoyRetryPolicy } from './retry-policy-translator.js';
import { ROUTE_RETRY, ROUTE_TIMEOUT, TimeoutRetryProcessor } from './timeout-retry-processor.js';

export { RETRY_ON } from './retry-policy-translator.js';

/**
 * Route timeouts and retries (core's ROUTE_TIMEOUT and ROUTE_RETRY, which IngressRoute `timeoutPolicy` and
 * `retryPolicy` and Gateway API rules set), as the route action's timeout and retry policy.
 */
@injectable()
export class TimeoutRetryFeature implements Feature {
  readonly id = 'timeout-retry';
  readonly processor = new TimeoutRetryProcessor();
  readonly hooks: TranslatorHooks = {
    route(route: DagRoute, out: envoy.Route): void {
      // Redirects and direct responses have no route action: nothing goes upstream to time out or retry.
      if (!out.route) return;
      const timeout = route.attributes.get(ROUTE_TIMEOUT);
      if (timeout !== undefined) out.route.timeout = toProtoDuration(timeout);
      const retry = route.attributes.get(ROUTE_RETRY);
      if (retry) out.route.retryPolicy = envoyRetryPolicy(retry);
    },
    cluster(cluster: DagCluster, out: envoy.Cluster): void {
      const maxRetries = cluster.attributes.get(CLUSTER_MAX_RETRIES);
      if (maxRetries !== undefined) out.circuitBreakers = envoy.CircuitBreakers.fromPartial({ thresholds: [{ maxRetries }] });
    },
  };
}

import { injectable } from 'inversify';
import { envoy, toProtoDuration, type DagRoute, type Feature, type TranslatorHooks } from '../../core/index.js';
import { ROUTE_RETRY, ROUTE_TIMEOUT, TimeoutRetryProcessor } from './timeout-retry-processor.js';

/**
 * What Envoy retries: any 5xx answer (gateway-error is its 502/503/504 subset, named for clarity), a reset
 * stream, and a failed connect. Per-try timeouts count as 504s, so they are retried too.
 */
export const RETRY_ON = '5xx,gateway-error,reset,connect-failure';

/** IngressRoute `timeoutPolicy` and `retryPolicy`, as the route action's timeout and retry policy. */
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
      if (retry) {
        out.route.retryPolicy = envoy.RetryPolicy.fromPartial({
          retryOn: RETRY_ON,
          numRetries: retry.count,
          ...(retry.perTryTimeoutMs !== undefined ? { perTryTimeout: toProtoDuration(retry.perTryTimeoutMs) } : {}),
        });
      }
    },
  };
}

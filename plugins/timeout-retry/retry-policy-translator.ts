import { envoy, toProtoDuration, type RetrySettings } from '../../core/index.js';

/**
 * What Envoy retries by default: any 5xx answer (gateway-error is its 502/503/504 subset, named for
 * clarity), a reset stream, and a failed connect. Per-try timeouts count as 504s, so they are retried too.
 */
export const RETRY_ON = '5xx,gateway-error,reset,connect-failure';

/** Envoy's retry_on for settings that say what they retry: the conditions, then the status codes if any. */
export function retryOnValue(on: NonNullable<RetrySettings['on']>): string {
  return [...on.conditions, ...(on.statusCodes.length > 0 ? ['retriable-status-codes'] : [])].join(',');
}

/** The route action's retry policy for these settings. */
export function envoyRetryPolicy(retry: RetrySettings): envoy.RetryPolicy {
  return envoy.RetryPolicy.fromPartial({
    retryOn: retry.on ? retryOnValue(retry.on) : RETRY_ON,
    numRetries: retry.count,
    ...(retry.perTryTimeoutMs !== undefined ? { perTryTimeout: toProtoDuration(retry.perTryTimeoutMs) } : {}),
    ...(retry.on?.statusCodes.length ? { retriableStatusCodes: [...retry.on.statusCodes] } : {}),
    // Envoy caps later waits at ten times the base interval unless told otherwise; that is kept.
    ...(retry.backoffBaseMs !== undefined ? { retryBackOff: { baseInterval: toProtoDuration(retry.backoffBaseMs) } } : {}),
  });
}

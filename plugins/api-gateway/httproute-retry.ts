import { durationFromString, type RetryCondition, type RetrySettings } from '../../core/index.js';
import type { HttpRouteRetry } from './gateway-types.js';

/** A value of `retry` isobar cannot use: the field below `retry`, and why. */
export interface RetryProblem {
  field: string;
  message: string;
}

/**
 * Failures retried whenever a rule has `retry`, as the spec asks: the backend could not be connected to,
 * or refused the request before processing it. A connection reset once the request is on its way is not
 * retried (the backend may have acted on it).
 */
export const CONNECTION_ERRORS: readonly RetryCondition[] = ['connect-failure', 'refused-stream', 'reset-before-request'];
/** The API server's default for attempts. */
export const DEFAULT_ATTEMPTS = 1;
/** Beyond this a count of retries is a typo, not a policy (Envoy holds up to 2^32-1). */
const MAX_ATTEMPTS = 1_000_000;
/** Envoy's Duration stops at 10,000 years, and it waits up to ten times the base interval. */
const MAX_BACKOFF_MS = 365 * 24 * 3_600_000;

/** A rule's `retry` as core's retry settings (without the per-attempt bound, which is `timeouts`'). */
export function readRetry(retry: HttpRouteRetry): { settings: RetrySettings; problems: RetryProblem[] } {
  const problems: RetryProblem[] = [];
  let count = DEFAULT_ATTEMPTS;
  if (retry.attempts !== undefined) {
    if (Number.isInteger(retry.attempts) && retry.attempts >= 0 && retry.attempts <= MAX_ATTEMPTS) count = retry.attempts;
    else problems.push({ field: 'attempts', message: `attempts must be a whole number from 0 to ${MAX_ATTEMPTS}, not ${JSON.stringify(retry.attempts)}; using ${DEFAULT_ATTEMPTS}` });
  }
  const statusCodes: number[] = [];
  (retry.codes ?? []).forEach((c, i) => {
    if (!Number.isInteger(c) || c < 400 || c > 599) problems.push({ field: `codes[${i}]`, message: `${JSON.stringify(c)} is not a status code from 400 to 599; not retried` });
    else if (!statusCodes.includes(c)) statusCodes.push(c);
  });
  const settings: RetrySettings = { count, on: { statusCodes, conditions: CONNECTION_ERRORS } };
  if (retry.backoff !== undefined) {
    const ms = durationFromString(retry.backoff);
    if (ms === undefined || !(ms > 0) || ms > MAX_BACKOFF_MS) {
      problems.push({ field: 'backoff', message: `backoff must be a duration above 0 like "100ms" or "1s" (at most a year), not ${JSON.stringify(retry.backoff)}; Envoy's default (25ms) is used` });
    } else settings.backoffBaseMs = ms;
  }
  return { settings, problems };
}

import { durationFromString, type RetrySettings } from '../../core/index.js';

/** A user error in one field of a route's policies: the field below the route, and what is wrong. */
export interface PolicyProblem {
  field: string;
  message: string;
}


/** Envoy's Duration cannot exceed 10,000 years; anything near that is a typo, and a NACK would stall every route. */
const MAX_MS = 10_000 * 365 * 24 * 3_600_000;

/** Milliseconds of a Go duration; `infinity` is Infinity. A problem for anything else. */
function duration(value: unknown, field: string, problems: PolicyProblem[]): number | undefined {
  const ms = durationFromString(value);
  if (ms === undefined || (ms !== Number.POSITIVE_INFINITY && ms > MAX_MS)) {
    problems.push({ field, message: `${field} must be a duration like "1s", "250ms" or "infinity", not ${JSON.stringify(value)}; ignored` });
    return undefined;
  }
  return ms;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unknownFields(policy: Record<string, unknown>, name: string, known: readonly string[], problems: PolicyProblem[]): void {
  for (const k of Object.keys(policy).filter((f) => !known.includes(f))) {
    problems.push({ field: `${name}.${k}`, message: `${name} has no field "${k}" (known: ${known.join(', ')}); ignored` });
  }
}

/**
 * `timeoutPolicy.request`: the whole request's timeout in ms, 0 when disabled (`infinity`, as in Envoy where
 * 0 disables it); undefined leaves Envoy's default (15s).
 */
export function readTimeoutPolicy(policy: unknown, problems: PolicyProblem[]): number | undefined {
  if (policy === undefined) return undefined;
  if (!isRecord(policy)) {
    problems.push({ field: 'timeoutPolicy', message: `timeoutPolicy must be an object like { request: 5s }, not ${JSON.stringify(policy)}; ignored` });
    return undefined;
  }
  unknownFields(policy, 'timeoutPolicy', ['request'], problems);
  if (policy.request === undefined) return undefined;
  const ms = duration(policy.request, 'timeoutPolicy.request', problems);
  return ms === Number.POSITIVE_INFINITY ? 0 : ms;
}

/** `retryPolicy`: `count` retries (default 1) and an optional `perTryTimeout`; undefined when absent or unusable. */
export function readRetryPolicy(policy: unknown, problems: PolicyProblem[]): RetrySettings | undefined {
  if (policy === undefined) return undefined;
  if (!isRecord(policy)) {
    problems.push({ field: 'retryPolicy', message: `retryPolicy must be an object like { count: 3, perTryTimeout: 1s }, not ${JSON.stringify(policy)}; ignored` });
    return undefined;
  }
  unknownFields(policy, 'retryPolicy', ['count', 'perTryTimeout'], problems);
  const out: RetrySettings = { count: 1 };
  const count = policy.count;
  if (count !== undefined) {
    if (Number.isInteger(count) && (count as number) >= 1) out.count = count as number;
    else problems.push({ field: 'retryPolicy.count', message: `retryPolicy.count must be a whole number of at least 1, not ${JSON.stringify(count)}; using 1` });
  }
  if (policy.perTryTimeout !== undefined) {
    const ms = duration(policy.perTryTimeout, 'retryPolicy.perTryTimeout', problems);
    // 0 and infinity both mean "no bound per attempt".
    if (ms !== undefined && ms > 0 && ms !== Number.POSITIVE_INFINITY) out.perTryTimeoutMs = ms;
  }
  return out;
}

/** An HTTP active health check, as Envoy will run it against every endpoint of a cluster. */
export interface HealthCheckPolicy {
  path: string;
  host: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  unhealthyThreshold: number;
  healthyThreshold: number;
}

/**
 * Contour's defaults, including the Host header: a backend that was set up to recognise (or to exempt
 * from its access log) Contour's health checks keeps working when the same IngressRoute is served here.
 */
export const HEALTH_CHECK_DEFAULTS = {
  host: 'contour-envoy-healthcheck',
  intervalSeconds: 5,
  timeoutSeconds: 2,
  unhealthyThreshold: 3,
  healthyThreshold: 2,
} as const;

/** A problem with one field of `healthCheck` ('' for the whole map), relative to it. */
export interface PolicyIssue {
  field: string;
  message: string;
}

export interface ParsedHealthCheck {
  /** Absent when no check can be run (no usable path). */
  policy?: HealthCheckPolicy;
  issues: PolicyIssue[];
}

/** Upper bounds that keep Envoy's durations and counters sane: a day, and a uint32. */
const MAX_SECONDS = 86_400;
const MAX_COUNT = 0xffff_ffff;

/**
 * `healthCheck` of an IngressRoute service entry. `path` is required: without it there is nothing to
 * ask, so no check is run. A missing or 0 number takes its default, as in Contour (0 is what an unset
 * uint32 reads as there); a negative, fractional or absurd one takes the default with a warning.
 */
export function parseHealthCheck(raw: unknown): ParsedHealthCheck {
  const issues: PolicyIssue[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { issues: [{ field: '', message: `healthCheck must be a map with at least a path, not ${JSON.stringify(raw)}; no health check` }] };
  }
  const hc = raw as Record<string, unknown>;
  const num = (field: string, fallback: number, max: number): number => {
    const v = hc[field];
    if (v === undefined || v === null || v === 0) return fallback;
    if (typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= max) return v;
    issues.push({ field, message: `${field} must be a whole number from 1 to ${max}, not ${JSON.stringify(v)}; using ${fallback}` });
    return fallback;
  };
  const d = HEALTH_CHECK_DEFAULTS;
  const intervalSeconds = num('intervalSeconds', d.intervalSeconds, MAX_SECONDS);
  const timeoutSeconds = num('timeoutSeconds', d.timeoutSeconds, MAX_SECONDS);
  const unhealthyThreshold = num('unhealthyThresholdCount', d.unhealthyThreshold, MAX_COUNT);
  const healthyThreshold = num('healthyThresholdCount', d.healthyThreshold, MAX_COUNT);
  const host = hostOf(hc['host'], issues);
  const path = hc['path'];
  if (typeof path !== 'string' || !/^\/[^\s\x00-\x1f\x7f]*$/.test(path)) {
    const why = path === undefined ? 'healthCheck needs a path' : `path must start with "/" and contain no spaces or control characters, not ${JSON.stringify(path)}`;
    issues.push({ field: 'path', message: `${why}; no health check` });
    return { issues };
  }
  return { policy: { path, host, intervalSeconds, timeoutSeconds, unhealthyThreshold, healthyThreshold }, issues };
}

function hostOf(v: unknown, issues: PolicyIssue[]): string {
  if (v === undefined || v === null || v === '') return HEALTH_CHECK_DEFAULTS.host;
  if (typeof v === 'string' && /^[^\s\x00-\x1f\x7f]+$/.test(v)) return v;
  issues.push({ field: 'host', message: `host must be a host name without spaces, not ${JSON.stringify(v)}; using ${HEALTH_CHECK_DEFAULTS.host}` });
  return HEALTH_CHECK_DEFAULTS.host;
}

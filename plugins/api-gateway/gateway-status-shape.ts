import { stableStringify, type KindStatus, type LoadBalancerIngress } from '../../core/index.js';

/** RFC 3339 to the second, as metav1.Time is written. */
function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Every condition in a status tree gets this lastTransitionTime (conditions are the objects with `type` and `status`). */
function stamp(value: unknown, time: string): unknown {
  if (Array.isArray(value)) return value.map((v) => stamp(v, time));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = stamp(v, time);
  if (typeof out.type === 'string' && typeof out.status === 'string' && typeof out.reason === 'string') out.lastTransitionTime ??= time;
  return out;
}

/** The same tree without transition times: two statuses that differ only there say the same thing. */
function unstamped(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unstamped);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== 'lastTransitionTime') out[k] = unstamped(v);
  return out;
}

/**
 * Gateway API status: what the processor put in ObjectStatus.detail, written as `status` with transition
 * times. `owned` picks the fields isobar owns from a live status (for routes, only its own parents'
 * entries), so another controller's entries never make isobar write again and again.
 */
export function gatewayApiStatus(owned: (status: Record<string, unknown>) => Record<string, unknown>, addresses = false): KindStatus {
  return {
    subresource: true,
    fields: (status, context) => {
      if (!status.detail) return undefined;
      // A Gateway on the shared Envoy is reached where that Envoy is (what Ingress status says too).
      const shared = addresses && status.detail.addresses === undefined && context.addresses.length > 0;
      const detail = shared ? { addresses: context.addresses.map(gatewayAddress), ...status.detail } : status.detail;
      return stamp(detail, now()) as Record<string, unknown>;
    },
    fingerprint: (status) => stableStringify(unstamped(owned((status ?? {}) as Record<string, unknown>))),
  };
}

/** A load balancer address as Gateway status.addresses writes it. */
function gatewayAddress(a: LoadBalancerIngress): { type: string; value: string } {
  return a.ip ? { type: 'IPAddress', value: a.ip } : { type: 'Hostname', value: a.hostname ?? '' };
}

/** For kinds whose whole status is isobar's (GatewayClass, Gateway): the fields it writes. */
export const wholeStatus = (fields: readonly string[]) => (status: Record<string, unknown>) =>
  Object.fromEntries(fields.filter((f) => status[f] !== undefined).map((f) => [f, status[f]]));

/** For routes: only the `parents` entries of this controller. */
export const ownParents = (controllerName: () => string) => (status: Record<string, unknown>) => {
  const parents = Array.isArray(status.parents) ? status.parents : [];
  return { parents: parents.filter((p) => (p as { controllerName?: string }).controllerName === controllerName()) };
};

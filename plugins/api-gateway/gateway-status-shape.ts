import { stableStringify, type KindStatus, type LoadBalancerIngress } from '../../core/index.js';

type Rec = Record<string, unknown>;
type Condition = Rec & { type?: string; status?: string; lastTransitionTime?: string };

/** RFC 3339 to the second, as metav1.Time is written. */
function now(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

const list = (v: unknown): Rec[] => (Array.isArray(v) ? (v as Rec[]) : []);

/** Every condition in a status tree gets this lastTransitionTime (conditions are the objects with `type`, `status` and `reason`). */
function stamp(value: unknown, time: string): unknown {
  if (Array.isArray(value)) return value.map((v) => stamp(v, time));
  if (typeof value !== 'object' || value === null) return value;
  const out: Rec = {};
  for (const [k, v] of Object.entries(value)) out[k] = stamp(v, time);
  if (typeof out.type === 'string' && typeof out.status === 'string' && typeof out.reason === 'string') out.lastTransitionTime ??= time;
  return out;
}

/** The same tree without transition times: two statuses that differ only there say the same thing. */
function unstamped(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unstamped);
  if (typeof value !== 'object' || value === null) return value;
  const out: Rec = {};
  for (const [k, v] of Object.entries(value)) if (k !== 'lastTransitionTime') out[k] = unstamped(v);
  return out;
}

/** isobar's conditions of a list (by type). */
function ownConditions(conditions: unknown, types: ReadonlySet<string>): Rec[] {
  return list(conditions).filter((c) => types.has((c as Condition).type ?? ''));
}

/**
 * The conditions to write: isobar's, each keeping the live lastTransitionTime while its status is unchanged
 * (the time says when the status last changed), then the live conditions of types isobar does not own.
 */
function mergeConditions(desired: unknown, live: unknown, types: ReadonlySet<string>): Rec[] {
  const have = list(live) as Condition[];
  const mine = (list(desired) as Condition[]).map((d) => {
    const l = have.find((x) => x.type === d.type);
    return l !== undefined && l.status === d.status && l.lastTransitionTime ? { ...d, lastTransitionTime: l.lastTransitionTime } : d;
  });
  return [...mine, ...have.filter((c) => !types.has(c.type ?? ''))];
}

/** Which parts of a kind's status isobar owns, and how its parts go into a live status. */
export interface StatusOwnership {
  /** isobar's parts of a status, desired or live. */
  owned(status: Rec): Rec;
  /** The status to write: the desired one, with what others wrote in the live one kept. */
  merge(desired: Rec, live: Rec): Rec;
}

/**
 * Gateway API status from ObjectStatus.detail, written with transition times. Written as a merge patch of
 * the merged status, and compared on isobar's parts only, so another controller's conditions or parent
 * entries are neither removed nor a reason to write again. `addresses`: a Gateway on the shared Envoy is
 * reached where that Envoy is (what Ingress status says too).
 */
export function gatewayApiStatus(ownership: StatusOwnership, addresses = false): KindStatus {
  return {
    subresource: true,
    fields: (status, context) => {
      if (!status.detail) return undefined;
      const shared = addresses && status.detail.addresses === undefined && context.addresses.length > 0;
      const detail = shared ? { addresses: context.addresses.map(gatewayAddress), ...status.detail } : status.detail;
      return stamp(detail, now()) as Rec;
    },
    fingerprint: (status) => stableStringify(unstamped(ownership.owned((status ?? {}) as Rec))),
    merge: (desired, live) => ownership.merge(desired, (live ?? {}) as Rec),
  };
}

function gatewayAddress(a: LoadBalancerIngress): { type: string; value: string } {
  return a.ip ? { type: 'IPAddress', value: a.ip } : { type: 'Hostname', value: a.hostname ?? '' };
}

/** GatewayClass: its conditions of these types. */
export function classOwnership(types: ReadonlySet<string>): StatusOwnership {
  return {
    owned: (s) => ({ conditions: ownConditions(s.conditions, types) }),
    merge: (d, l) => ({ ...d, conditions: mergeConditions(d.conditions, l.conditions, types) }),
  };
}

/**
 * Gateway (and ListenerSet): addresses, the count of attached ListenerSets, its conditions, and each
 * listener's entry (its conditions of isobar's types). A count isobar no longer writes is removed (null in
 * the merge patch), so it never stays stale.
 */
export function gatewayOwnership(types: ReadonlySet<string>, listenerTypes: ReadonlySet<string>): StatusOwnership {
  const listenerOf = (s: Rec, name: unknown) => list(s.listeners).find((l) => l.name === name);
  return {
    owned: (s) => ({
      ...(s.addresses !== undefined ? { addresses: s.addresses } : {}),
      ...(s.attachedListenerSets !== undefined && s.attachedListenerSets !== null ? { attachedListenerSets: s.attachedListenerSets } : {}),
      conditions: ownConditions(s.conditions, types),
      listeners: list(s.listeners).map((l) => ({ ...l, conditions: ownConditions(l.conditions, listenerTypes) })),
    }),
    merge: (d, l) => ({
      ...d,
      ...(d.attachedListenerSets === undefined && l.attachedListenerSets !== undefined ? { attachedListenerSets: null } : {}),
      conditions: mergeConditions(d.conditions, l.conditions, types),
      listeners: list(d.listeners).map((dl) => ({ ...dl, conditions: mergeConditions(dl.conditions, listenerOf(l, dl.name)?.conditions, listenerTypes) })),
    }),
  };
}

/**
 * A status that is a list of entries per controller (`listKey`, each naming its object in `refKey` and its
 * controller in `controllerName`): this controller's entries (conditions of isobar's types) are isobar's,
 * other controllers' entries are theirs and are kept as they are.
 */
function controllerEntries(controllerName: () => string, types: ReadonlySet<string>, listKey: string, refKey: string): StatusOwnership {
  const mine = (s: Rec) => list(s[listKey]).filter((p) => p.controllerName === controllerName());
  const key = (p: Rec) => stableStringify(p[refKey]);
  return {
    owned: (s) => ({ [listKey]: mine(s).map((p) => ({ ...p, conditions: ownConditions(p.conditions, types) })) }),
    merge: (d, l) => {
      const live = new Map(mine(l).map((p) => [key(p), p]));
      const ours = list(d[listKey]).map((p) => ({ ...p, conditions: mergeConditions(p.conditions, live.get(key(p))?.conditions, types) }));
      const others = list(l[listKey]).filter((p) => p.controllerName !== controllerName());
      return { ...d, [listKey]: [...ours, ...others] };
    },
  };
}

/** Routes: the `parents` entries of this controller. */
export function routeOwnership(controllerName: () => string, types: ReadonlySet<string>): StatusOwnership {
  return controllerEntries(controllerName, types, 'parents', 'parentRef');
}

/** Policies (BackendTLSPolicy): the `ancestors` entries of this controller. */
export function policyOwnership(controllerName: () => string, types: ReadonlySet<string>): StatusOwnership {
  return controllerEntries(controllerName, types, 'ancestors', 'ancestorRef');
}

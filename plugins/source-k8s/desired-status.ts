import { ingressRouteStatus, objectKey, type ObjectStatus } from '../../core/index.js';
import { entry, type LoadBalancerIngress } from './load-balancer-address.js';
import { watchedResource, type WatchedResource } from './resources.js';

/** The status isobar wants on one API object: where it lives, the `status` fields it owns, and their fingerprint. */
export interface DesiredStatus {
  key: string;
  resource: WatchedResource;
  namespace: string;
  name: string;
  /** Sent as a merge patch of `status`: only these fields are touched. */
  status: Record<string, unknown>;
  fingerprint: string;
}

/**
 * What isobar writes for one build result: IngressRoute → `{currentStatus, description}`; Ingress →
 * `loadBalancer.ingress` (only when an address is known). Other kinds: nothing.
 */
export function desiredStatus(s: ObjectStatus, addresses: readonly LoadBalancerIngress[]): DesiredStatus | undefined {
  let status: Record<string, unknown>;
  if (s.ref.kind === 'IngressRoute') status = { ...ingressRouteStatus(s) };
  else if (s.ref.kind === 'Ingress' && addresses.length > 0) status = { loadBalancer: { ingress: addresses.map(entry) } };
  else return undefined;
  return {
    key: objectKey(s.ref),
    resource: watchedResource(s.ref.kind),
    namespace: s.ref.namespace,
    name: s.ref.name,
    status,
    fingerprint: statusFingerprint(s.ref.kind, status),
  };
}

/**
 * The fields isobar owns in an object's `status`, as a string: the same for a live object's status and
 * for a desired one exactly when writing would change nothing isobar cares about.
 */
export function statusFingerprint(kind: string, status: unknown): string {
  const s = (status ?? {}) as { currentStatus?: string; description?: string; loadBalancer?: { ingress?: LoadBalancerIngress[] } };
  if (kind === 'IngressRoute') return JSON.stringify([s.currentStatus ?? '', s.description ?? '']);
  return JSON.stringify((s.loadBalancer?.ingress ?? []).map(entry));
}

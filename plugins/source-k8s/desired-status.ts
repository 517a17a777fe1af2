import { objectKey, type Kind, type LoadBalancerIngress, type ObjectStatus } from '../../core/index.js';
import { watchedResource, type WatchedResource } from './resources.js';

/** The status isobar wants on one API object: where it lives, the `status` fields it owns, and their fingerprint. */
export interface DesiredStatus {
  key: string;
  resource: WatchedResource;
  /** The kind's status shape, which also reads a live object's status for comparison. */
  kind: Kind;
  namespace: string;
  name: string;
  /** Sent as a merge patch of `status`: only these fields are touched. */
  status: Record<string, unknown>;
  fingerprint: string;
}

/**
 * What isobar writes for one build result, as the object's kind declares it (IngressRoute:
 * `{currentStatus, description}`; Ingress: `loadBalancer.ingress`, only when an address is known).
 * Kinds without a status shape, and verdicts the shape writes nothing for: undefined.
 */
export function desiredStatus(s: ObjectStatus, kind: Kind | undefined, addresses: readonly LoadBalancerIngress[]): DesiredStatus | undefined {
  const status = kind?.status?.fields(s, { addresses });
  if (!kind?.status || !status) return undefined;
  return {
    key: objectKey(s.ref),
    resource: watchedResource(kind),
    kind,
    namespace: s.ref.namespace,
    name: s.ref.name,
    status,
    fingerprint: kind.status.fingerprint(status),
  };
}

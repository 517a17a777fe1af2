import { PUBLISH_ORDER, TypeUrl } from '../../core/index.js';

/** Short names for logs and the status endpoint: operators think in CDS/EDS/…, not in type URLs. */
const LABELS: ReadonlyMap<string, string> = new Map<string, string>([
  [TypeUrl.Cluster, 'CDS'],
  [TypeUrl.ClusterLoadAssignment, 'EDS'],
  [TypeUrl.Secret, 'SDS'],
  [TypeUrl.Listener, 'LDS'],
  [TypeUrl.RouteConfiguration, 'RDS'],
]);

const KNOWN: ReadonlySet<string> = new Set<string>(PUBLISH_ORDER);

export function isServedType(typeUrl: string): typeUrl is TypeUrl {
  return KNOWN.has(typeUrl);
}

export function typeLabel(typeUrl: string): string {
  return LABELS.get(typeUrl) ?? typeUrl;
}

/**
 * LDS and CDS may be subscribed to as a whole ("wildcard"); EDS, RDS and SDS are always asked for by
 * name, because a listener or cluster names exactly what it needs.
 */
export function allowsWildcard(typeUrl: TypeUrl): boolean {
  return typeUrl === TypeUrl.Listener || typeUrl === TypeUrl.Cluster;
}

/**
 * The type a request on a stream is about: per-type streams may leave type_url empty (it is implied by
 * the service). Undefined when a per-type stream is asked for another type, which it does not serve.
 */
export function streamTypeUrl(requested: string, onlyType: TypeUrl | undefined): string | undefined {
  if (onlyType === undefined) return requested;
  return requested === '' || requested === onlyType ? onlyType : undefined;
}

import { resolveBackend, type BuildContext, type DagCluster, type ServicePort, type StoredObject, type UpstreamTlsChoice, type WeightedBackend } from '../../core/index.js';
import { GROUP, type BackendRef } from './gateway-types.js';
import { referencePermitted } from './reference-grants.js';

/** Why a backendRef cannot be used: the route's ResolvedRefs reason and what to tell the user. */
export interface BackendProblem {
  reason: 'BackendNotFound' | 'InvalidKind' | 'RefNotPermitted' | 'UnsupportedProtocol';
  message: string;
}

/**
 * A ref that resolved but must not be sent to (its BackendTLSPolicy cannot be honoured, and plaintext
 * is no substitute): its share is answered 500. The route's refs are fine; the policy's status says why.
 */
export type BackendResolution = { cluster: DagCluster } | { problem: BackendProblem } | { refused: string };

/** How a route reaches its backends. */
export interface BackendOptions {
  /** The backends speak HTTP/2 (gRPC). */
  http2?: boolean;
  /** TLS to a port of Service `namespace/name` (BackendTLSPolicy); absent: plaintext. */
  tlsFor?: (namespace: string, name: string) => (port: ServicePort) => UpstreamTlsChoice;
}

/**
 * A route's backendRef as a DAG cluster: a core Service (the default kind) with a port, in the route's
 * namespace or, with a ReferenceGrant there, in another.
 */
export function resolveBackendRef(ctx: BuildContext, route: StoredObject, ref: BackendRef, options: BackendOptions = {}): BackendResolution {
  const ns = route.object.metadata.namespace ?? '';
  const group = ref.group ?? '';
  const kind = ref.kind ?? 'Service';
  if (group !== '' || kind !== 'Service') {
    return { problem: { reason: 'InvalidKind', message: `backendRef ${group ? `${group}/` : ''}${kind} ${ref.name}: only core Services are supported` } };
  }
  const target = ref.namespace ?? ns;
  const grant = { fromGroup: GROUP, fromKind: route.object.kind, fromNamespace: ns, toGroup: '', toKind: 'Service', toNamespace: target, toName: ref.name };
  if (!referencePermitted(ctx.store, grant)) {
    return { problem: { reason: 'RefNotPermitted', message: `Service ${target}/${ref.name} is in another namespace and no ReferenceGrant there allows ${route.object.kind}s of ${ns} to use it` } };
  }
  if (ref.port === undefined) return { problem: { reason: 'BackendNotFound', message: `backendRef Service ${target}/${ref.name} needs a port` } };
  const res = resolveBackend(ctx.dag, ctx.store, target, ref.name, { number: ref.port }, undefined, options.http2, options.tlsFor?.(target, ref.name));
  if ('problem' in res && res.reason === 'UpstreamTlsRefused') return { refused: res.problem };
  if ('problem' in res) {
    const reason = res.reason === 'ServicePortUnsupported' ? 'UnsupportedProtocol' : 'BackendNotFound';
    return { problem: { reason, message: res.problem } };
  }
  return { cluster: res.cluster };
}

/** A rule's backends as served: those that resolved, and the weight of those that did not. */
export interface BackendSplit {
  backends: WeightedBackend[];
  /** Weight of the refs that cannot be used: their share of requests is answered 500 (HTTP) or refused (TCP). */
  unusableWeight: number;
  /**
   * The ref each backend was written as, and where (for per-backend filters). Not the backends' `origin`:
   * that would make them IngressRoute services to the feature plugins, whose weight rules differ.
   */
  written: Map<WeightedBackend, { ref: BackendRef; field: string }>;
}

/**
 * Backend refs with their weights: those that resolve, less those of weight 0 (they get no traffic); the
 * rest are added to `problems`, for ResolvedRefs, and their weight to `unusableWeight`. `field`: where
 * the refs are written.
 */
export function weightedBackends(ctx: BuildContext, route: StoredObject, refs: readonly BackendRef[], problems: BackendProblem[], options: BackendOptions = {}, field = 'spec'): BackendSplit {
  const out: BackendSplit = { backends: [], unusableWeight: 0, written: new Map() };
  refs.forEach((ref, i) => {
    const res = resolveBackendRef(ctx, route, ref, options);
    const weight = ref.weight ?? 1;
    if ('refused' in res) out.unusableWeight += weight;
    else if ('problem' in res) {
      problems.push(res.problem);
      out.unusableWeight += weight;
    } else if (weight > 0) {
      const backend: WeightedBackend = { cluster: res.cluster, weight };
      out.backends.push(backend);
      out.written.set(backend, { ref, field: `${field}.backendRefs[${i}]` });
    }
  });
  return out;
}

import { ClusterLoadAssignment } from '../generated/envoy/config/endpoint/v3/endpoint.js';
import type { DagCluster } from '../dag/dag-types.js';
import type { StoreReader } from '../store/object-store.js';
import { indexSlices, resolveEndpoints, type ResolvedAddress, type SliceIndex } from './endpoint-resolver.js';
import type { ObjectRef } from '../model/k8s-object.js';
import { unguarded, type Guard } from './route-translator.js';

/**
 * One ClusterLoadAssignment per endpoints name. Variants of one service port (a strategy, a health
 * check) are separate clusters over the same endpoints, so they share it. `onlyServices`
 * (`namespace/name`) limits the work to those services' clusters.
 */
export function translateEndpoints(
  clusters: Iterable<DagCluster>,
  store: StoreReader,
  onlyServices?: ReadonlySet<string>,
  /** Receives, per endpoints name, the objects the addresses came from (else the Service). */
  owners?: Map<string, ObjectRef[]>,
  guard: Guard = unguarded,
): ClusterLoadAssignment[] {
  const slices = indexSlices(store);
  const out: ClusterLoadAssignment[] = [];
  const done = new Set<string>();
  for (const c of clusters) {
    if (c.externalName || done.has(c.endpointsName)) continue;
    if (onlyServices && !onlyServices.has(`${c.service.namespace}/${c.service.name}`)) continue;
    done.add(c.endpointsName);
    const from = endpointOwners(c, store, slices);
    owners?.set(c.endpointsName, from);
    // A malformed slice is charged to the endpoints objects, not to the routes that use the service.
    const cla = guard(from[0]!, () => loadAssignment(c.endpointsName, resolveEndpoints(c, store, slices)));
    if (cla) out.push(cla);
  }
  return out;
}

export function loadAssignment(name: string, addresses: ResolvedAddress[]): ClusterLoadAssignment {
  return ClusterLoadAssignment.fromPartial({
    clusterName: name,
    // A locality (empty is fine) and its weight: proxyless gRPC clients reject an assignment without a
    // locality and drop localities without a weight.
    endpoints: addresses.length === 0 ? [] : [{ locality: {}, loadBalancingWeight: 1, lbEndpoints: addresses.map((a) => ({ endpoint: { address: { socketAddress: { address: a.ip, portValue: a.port } } } })) }],
  });
}

function endpointOwners(c: DagCluster, store: StoreReader, slices: SliceIndex): ObjectRef[] {
  const { namespace, name } = c.service;
  const refs: ObjectRef[] = (slices.get(`${namespace}/${name}`) ?? []).map((s) => ({ kind: 'EndpointSlice', namespace, name: s.metadata.name }));
  if (store.get('Endpoints', namespace, name)) refs.push({ kind: 'Endpoints', namespace, name });
  return refs.length > 0 ? refs : [c.service];
}

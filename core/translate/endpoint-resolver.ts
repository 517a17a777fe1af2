import type { DagCluster } from '../dag/dag-types.js';
import type { EndpointSlice, Endpoints } from '../model/kinds.js';
import { SERVICE_NAME_LABEL } from '../model/kinds.js';
import type { StoreReader } from '../store/object-store.js';
import { compareStrings } from '../util/compare.js';

export interface ResolvedAddress {
  ip: string;
  port: number;
}

/**
 * Ready backend addresses of one service port, from Endpoints and EndpointSlices alike (a VM's YAML
 * may carry either). Ports are matched by the service port's name, as Kubernetes does; not-ready
 * addresses are left out. Sorted and de-duplicated, so equal input gives equal output.
 */
export function resolveEndpoints(cluster: DagCluster, store: StoreReader, slicesByService: SliceIndex): ResolvedAddress[] {
  const { namespace, name } = cluster.service;
  const portName = cluster.port.name ?? '';
  const seen = new Map<string, ResolvedAddress>();
  const add = (ip: string, port: number) => seen.set(`${ip}:${port}`, { ip, port });

  const eps = store.get<Endpoints>('Endpoints', namespace, name)?.object;
  for (const subset of eps?.subsets ?? []) {
    const port = subset.ports?.find((p) => (p.name ?? '') === portName);
    if (!port) continue;
    for (const a of subset.addresses ?? []) add(a.ip, port.port);
  }
  for (const slice of slicesByService.get(`${namespace}/${name}`) ?? []) {
    const port = slice.ports?.find((p) => (p.name ?? '') === portName);
    if (!port?.port) continue;
    for (const ep of slice.endpoints ?? []) {
      if (ep.conditions?.ready === false) continue;
      for (const ip of ep.addresses) add(ip, port.port);
    }
  }
  return [...seen.values()].sort((a, b) => compareStrings(a.ip, b.ip) || a.port - b.port);
}

export type SliceIndex = Map<string, EndpointSlice[]>;

/** EndpointSlices grouped by `namespace/service` (from the service-name label), built once per translation. */
export function indexSlices(store: StoreReader): SliceIndex {
  const index: SliceIndex = new Map();
  for (const { object } of store.list<EndpointSlice>('EndpointSlice')) {
    const svc = object.metadata.labels?.[SERVICE_NAME_LABEL];
    if (!svc) continue;
    const key = `${object.metadata.namespace}/${svc}`;
    const list = index.get(key);
    if (list) list.push(object);
    else index.set(key, [object]);
  }
  return index;
}

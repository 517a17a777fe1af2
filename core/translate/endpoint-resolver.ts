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

  // Endpoints have no failure boundary of their own (the fast path rebuilds them alone), so a malformed
  // entry a source let through (`ports: [null]`, `endpoints: [null]`) is skipped here, never thrown on.
  const eps = store.get<Endpoints>('Endpoints', namespace, name)?.object;
  for (const subset of records(eps?.subsets)) {
    const port = records(subset.ports).find((p) => (p.name ?? '') === portName);
    if (!port) continue;
    for (const a of records(subset.addresses)) if (typeof a.ip === 'string') add(a.ip, port.port);
  }
  for (const slice of slicesByService.get(`${namespace}/${name}`) ?? []) {
    const port = records(slice.ports).find((p) => (p.name ?? '') === portName);
    if (!port?.port) continue;
    for (const ep of records(slice.endpoints)) {
      if (isRecord(ep.conditions) && ep.conditions.ready === false) continue;
      for (const ip of Array.isArray(ep.addresses) ? ep.addresses : []) if (typeof ip === 'string') add(ip, port.port);
    }
  }
  return [...seen.values()].sort((a, b) => compareStrings(a.ip, b.ip) || a.port - b.port);
}

/** The object items of what should be a list of objects: nothing for a non-list, no nulls or scalars. */
function records<T>(list: readonly T[] | undefined | null): T[] {
  return Array.isArray(list) ? list.filter((item): item is T => isRecord(item)) : [];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
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

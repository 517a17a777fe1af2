import type { Service, StoreReader } from '../../../core/index.js';
import { fleetObjectName } from './fleet-names.js';

export interface GatewayAddress {
  type: 'IPAddress' | 'Hostname';
  value: string;
}

/**
 * Where a Gateway with its own fleet is reached: its Service's load balancer addresses once it has them,
 * else its cluster IP (a Service of type ClusterIP, or a load balancer not yet provisioned).
 */
export function fleetAddresses(store: StoreReader, namespace: string, gatewayName: string): GatewayAddress[] {
  const svc = store.get<Service & { status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> } } }>('Service', namespace, fleetObjectName(gatewayName))?.object;
  if (!svc) return [];
  const lb = (svc.status?.loadBalancer?.ingress ?? []).flatMap((e): GatewayAddress[] => (e.ip ? [{ type: 'IPAddress', value: e.ip }] : e.hostname ? [{ type: 'Hostname', value: e.hostname }] : []));
  if (lb.length > 0) return lb;
  const ip = (svc.spec as { clusterIP?: string } | undefined)?.clusterIP;
  return ip && ip !== 'None' ? [{ type: 'IPAddress', value: ip }] : [];
}

/** One entry of `status.loadBalancer.ingress` (Service and Ingress share the shape; ports are not written). */
export interface LoadBalancerIngress {
  ip?: string;
  hostname?: string;
}

/** Only the fields isobar writes, ip before hostname: the same entry always compares (and serializes) the same. */
export function loadBalancerEntry(e: LoadBalancerIngress): LoadBalancerIngress {
  const out: LoadBalancerIngress = {};
  if (e.ip) out.ip = e.ip;
  if (e.hostname) out.hostname = e.hostname;
  return out;
}

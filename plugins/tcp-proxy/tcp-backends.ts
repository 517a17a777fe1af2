import { AttributeKey, MAX_WEIGHT, type DagCluster } from '../../core/index.js';

/** One destination of a host's TCP proxy. */
export interface TcpBackend {
  cluster: DagCluster;
  /** Relative share of new connections, at least 1 (Envoy refuses a weighted cluster of 0). */
  weight: number;
}

/** Set on a secure host whose TLS connections go to a TCP proxy instead of HTTP routing. */
export const TCP_BACKENDS = new AttributeKey<readonly TcpBackend[]>('tcp-proxy.backends');

/** Drops backends without a share and merges entries that name the same cluster twice. */
export function mergeBackends(backends: readonly TcpBackend[]): TcpBackend[] {
  const out: TcpBackend[] = [];
  for (const b of backends) {
    if (b.weight <= 0) continue;
    const same = out.find((o) => o.cluster === b.cluster);
    if (same) same.weight = Math.min(same.weight + b.weight, MAX_WEIGHT);
    else out.push({ ...b });
  }
  return out;
}

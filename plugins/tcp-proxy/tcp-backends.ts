import { MAX_WEIGHT, TCP_BACKENDS, type TcpBackend } from '../../core/index.js';

/** Core's attribute and type, which other APIs set too. */
export { TCP_BACKENDS, type TcpBackend };

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

import type { EnvoyProcess } from '../e2e/harness/envoy-process.js';

/**
 * Updates Envoy itself counts as rejected (every `*.update_rejected` stat: LDS, CDS, each RDS and EDS):
 * a check of "Envoy refused nothing" that does not trust isobar's own NACK count.
 */
export async function envoyRejectedUpdates(envoy: EnvoyProcess): Promise<{ total: number; lines: string[] }> {
  const res = await envoy.admin('/stats?filter=update_rejected');
  const lines = res.body.split('\n').filter((l) => /update_rejected: [1-9]/.test(l));
  return { total: lines.reduce((s, l) => s + Number(l.split(': ')[1]), 0), lines };
}

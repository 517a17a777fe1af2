import { request } from '../../e2e/harness/http-client.js';
import { parseExposition, samplesOf } from '../../support/metrics/prometheus-text.js';

/** One sample from isobar's /metrics (Prometheus text), e.g. metricValue(port, 'isobar_builds_total', { kind: 'full' }); 0 when absent. */
export async function metricValue(adminPort: number, name: string, labels: Record<string, string> = {}): Promise<number> {
  const exp = parseExposition((await request({ port: adminPort, path: '/metrics' })).body);
  return samplesOf(exp, name, labels)[0]?.value ?? 0;
}

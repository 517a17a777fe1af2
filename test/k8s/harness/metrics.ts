import { request } from '../../e2e/harness/http-client.js';

/** One sample from isobar's /metrics (Prometheus text), e.g. metric('isobar_builds_total', { kind: 'full' }); 0 when absent. */
export async function metricValue(adminPort: number, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = (await request({ port: adminPort, path: '/metrics' })).body;
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[3] ?? '').split(',').filter(Boolean);
    if (want.every((w) => have.includes(w))) return Number(m[4]);
  }
  return 0;
}

/**
 * A real Prometheus for tests: Debian's `prometheus` package (scripts/setup.sh installs it), started with
 * a generated config that scrapes the given targets every second, its own temporary storage, and its web
 * API on a free port of 127.0.0.1. Queries go through its HTTP API, as Grafana's would.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { firstExecutable, onPath } from '../../../cli/standalone/envoy-locator.js';
import { ManagedProcess } from './managed-process.js';
import { freePort } from './ports.js';
import { createTempDir } from './temp-dir.js';

export interface ScrapeTarget {
  job: string;
  /** On 127.0.0.1. */
  port: number;
  path: string;
}

/** One series of an instant query's answer. */
export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

export interface PrometheusProcess {
  readonly port: number;
  readonly process: ManagedProcess;
  /** An instant query (GET /api/v1/query). Throws with Prometheus's error for a bad expression. */
  query(expr: string): Promise<PromSample[]>;
  /** The scrape targets' health by job (GET /api/v1/targets), with the last scrape error of each. */
  targets(): Promise<Array<{ job: string; health: string; lastError: string }>>;
  stop(): Promise<void>;
}

/** Scrape every second, so a test waits a second or two for new values rather than the default minute. */
const SCRAPE_INTERVAL = '1s';

/** $PROMETHEUS_BIN, then Debian's /usr/bin/prometheus, then PATH. Throws, saying how to get one. */
export function findPrometheusBinary(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = [env.PROMETHEUS_BIN, '/usr/bin/prometheus', ...onPath('prometheus', env)];
  const found = firstExecutable(candidates);
  if (found) return found;
  throw new Error(`no Prometheus binary found (tried ${candidates.filter(Boolean).join(', ')}); run "bash scripts/setup.sh" as root (apt-get install prometheus) or set PROMETHEUS_BIN`);
}

export function prometheusConfig(targets: readonly ScrapeTarget[]): string {
  const jobs = targets.map(
    (t) => `  - job_name: ${JSON.stringify(t.job)}
    metrics_path: ${JSON.stringify(t.path)}
    static_configs:
      - targets: ["127.0.0.1:${t.port}"]`,
  );
  return `global:
  scrape_interval: ${SCRAPE_INTERVAL}
  scrape_timeout: 900ms
  evaluation_interval: ${SCRAPE_INTERVAL}
scrape_configs:
${jobs.join('\n')}
`;
}

export async function startPrometheus(targets: readonly ScrapeTarget[], options: { readyTimeoutMs?: number } = {}): Promise<PrometheusProcess> {
  const bin = findPrometheusBinary();
  const dir = await createTempDir('isobar-prometheus-');
  const config = await dir.write('prometheus.yml', prometheusConfig(targets));
  const port = await freePort();
  const proc = ManagedProcess.spawn('prometheus', bin, [
    `--config.file=${config}`,
    `--storage.tsdb.path=${dir.file('data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ]);
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await proc.stop(5000);
    await dir.remove();
  };
  try {
    await Promise.race([waitReady(base, proc, options.readyTimeoutMs ?? 30_000), proc.spawnFailed]);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    port,
    process: proc,
    async query(expr) {
      const body = await getJson<{ resultType: string; result: unknown }>(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`, expr);
      if (body.resultType === 'scalar') return [{ metric: {}, value: Number((body.result as [number, string])[1]) }];
      if (body.resultType !== 'vector') throw new Error(`query ${expr} gave a ${body.resultType}, not an instant vector`);
      return (body.result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((s) => ({ metric: s.metric, value: Number(s.value[1]) }));
    },
    async targets() {
      const body = await getJson<{ activeTargets: Array<{ labels: Record<string, string>; health: string; lastError: string }> }>(`${base}/api/v1/targets`, 'targets');
      return body.activeTargets.map((t) => ({ job: t.labels.job ?? '', health: t.health, lastError: t.lastError }));
    },
    stop,
  };
}

async function waitReady(base: string, proc: ManagedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!proc.isRunning) throw new Error(`Prometheus exited before it was ready:\n${proc.describe()}`);
    const ok = await fetch(`${base}/-/ready`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`Prometheus not ready after ${timeoutMs} ms:\n${proc.describe()}`);
    await sleep(100);
  }
}

async function getJson<T>(url: string, what: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  const text = await res.text();
  let parsed: { status?: string; data?: T; error?: string };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new Error(`Prometheus answered ${res.status} to ${what}: ${text.slice(0, 300)}`);
  }
  if (parsed.status !== 'success' || parsed.data === undefined) throw new Error(`Prometheus refused ${what}: ${parsed.error ?? text.slice(0, 300)}`);
  return parsed.data;
}


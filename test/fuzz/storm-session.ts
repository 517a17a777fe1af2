/**
 * One storm against a running isobar + Envoy, the same for the fuzz test and bench:storm: wait until the
 * good routes answer, put steady load on them, write the storm, make good changes in the middle of it
 * (new hosts that must be served quickly), then wait for /status to account for every document.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { firstAnswerFrom } from '../../bench/first-answer.js';
import type { EnvoyProcess } from '../e2e/harness/envoy-process.js';
import { eventually } from '../e2e/harness/eventually.js';
import { request } from '../e2e/harness/http-client.js';
import type { StatusJson } from '../e2e/harness/isobar-stack.js';
import { metricValue } from '../k8s/harness/metrics.js';
import { envoyRejectedUpdates } from './envoy-rejections.js';
import { freshIngress, type GoodRoutes } from './good-routes.js';
import { Mutator, STORM_NAMESPACES } from './mutator.js';
import { seedObjects, stormSupportYaml } from './seed-objects.js';
import { GATEWAY_CLASS_YAML } from '../e2e/harness/gateway-yaml.js';
import { startSteadyLoad, type LoadResult } from './steady-load.js';
import { checkStormStatus, type Violation } from './storm-report.js';
import { runStorm, STORM_DIRS, type StormPlan, type StormState } from './storm-writer.js';

export interface StormTarget {
  /** The watched directory. */
  root: string;
  httpPort: number;
  httpsPort: number;
  adminPort: number;
  envoy: EnvoyProcess;
}

export interface SessionOptions {
  seed: number;
  plan: StormPlan;
  /** Good changes spread over the storm (each a new host). */
  goodChanges: number;
  clients?: number;
  pauseMs?: number;
  settleTimeoutMs?: number;
}

export interface SessionResult {
  state: StormState;
  load: LoadResult;
  /** Write → first answer from the new host's backend, per good change. */
  goodChangeMs: number[];
  goodChangeFailures: string[];
  nacks: number;
  envoyRejected: { total: number; lines: string[] };
  buildErrors: number;
  violations: Violation[];
  stormMs: number;
  settleMs: number;
}

/** The files a storm target starts with: the good routes, and each storm namespace's Services and Secret (one per storm sub-directory, which also makes the directories before isobar watches them). */
export function initialFiles(good: GoodRoutes, stormBackendPort: number): Record<string, string> {
  // The class the seed Gateways name; cluster-scoped, so once.
  const files: Record<string, string> = { ...good.files, 'storm-gatewayclass.yaml': GATEWAY_CLASS_YAML };
  STORM_DIRS.forEach((dir, i) => {
    const ns = STORM_NAMESPACES[i % STORM_NAMESPACES.length]!;
    files[`${dir}/support-${ns}.yaml`] = i < STORM_NAMESPACES.length ? stormSupportYaml(ns, stormBackendPort, good.cert) : '# nothing yet\n';
  });
  return files;
}

export async function status(adminPort: number): Promise<StatusJson> {
  return (await request({ port: adminPort, path: '/status', timeoutMs: 30_000 })).json<StatusJson>();
}

export async function runStormSession(target: StormTarget, good: GoodRoutes, options: SessionOptions): Promise<SessionResult> {
  const mutator = new Mutator(options.seed, seedObjects(good.cert), good.claims);
  const probeAll = async () => {
    for (const p of good.probes) {
      const r = await request({ port: p.tls ? target.httpsPort : target.httpPort, host: p.host, path: p.path, ...(p.tls ? { tls: { ca: good.ca } } : {}) });
      if (r.status !== 200 || r.headers['x-echo-backend'] !== p.backend) throw new Error(`${p.host}${p.path}: ${r.status} from ${r.headers['x-echo-backend']} before the storm`);
    }
  };
  await eventually(probeAll, { timeoutMs: 30_000, intervalMs: 200 });

  const load = startSteadyLoad(good.probes, { httpPort: target.httpPort, httpsPort: target.httpsPort, ca: good.ca, clients: options.clients ?? 4, pauseMs: options.pauseMs ?? 2 });
  const goodChangeMs: number[] = [];
  const goodChangeFailures: string[] = [];
  const changes = (async () => {
    for (let n = 1; n <= options.goodChanges; n++) {
      await new Promise((r) => setTimeout(r, options.plan.durationMs / (options.goodChanges + 1)));
      const fresh = freshIngress(n);
      const t0 = performance.now();
      await writeFile(join(target.root, fresh.name), fresh.text);
      try {
        goodChangeMs.push((await firstAnswerFrom(fresh.host, good.fresh.name, target.httpPort, 15_000)) - t0);
      } catch (err) {
        goodChangeFailures.push((err as Error).message);
      }
    }
  })();
  const t0 = performance.now();
  const state = await runStorm(target.root, mutator, options.plan);
  const stormMs = performance.now() - t0;
  await changes;

  let violations: Violation[] = [];
  const t1 = performance.now();
  try {
    await eventually(
      async () => {
        violations = checkStormStatus(await status(target.adminPort), state);
        if (violations.length > 0) throw new Error('not settled');
      },
      { timeoutMs: options.settleTimeoutMs ?? 30_000, intervalMs: 1000 },
    );
  } catch {
    // The violations found last are the result.
  }
  const settleMs = performance.now() - t1;
  const loadResult = await load.stop();
  const final = await status(target.adminPort);
  return {
    state,
    load: loadResult,
    goodChangeMs,
    goodChangeFailures,
    nacks: (final.sinks['sink-xds']?.nacksTotal as number | undefined) ?? NaN,
    envoyRejected: await envoyRejectedUpdates(target.envoy),
    buildErrors: await metricValue(target.adminPort, 'isobar_build_errors_total'),
    violations,
    stormMs,
    settleMs,
  };
}

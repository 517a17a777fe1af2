/**
 * npm run bench:storm — the fuzz storm of test/e2e/fuzz-storm.test.ts, longer and bigger, against isobar
 * running as its own process: requests sent and failed on the good routes, NACKs, failed builds, isobar's
 * RSS at start, peak and end, good-change latency during the storm (p50/p95) and /healthz latency (p50/p99)
 * while it lasts. Prints one JSON object; exits 1 if a promise of issue 9 was broken.
 * Usage: node dist/bench/storm-bench.js [durationSeconds=120] [files=600] [seed]
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEchoBackend } from '../test/e2e/harness/echo-backend.js';
import { request } from '../test/e2e/harness/http-client.js';
import { createTempDir } from '../test/e2e/harness/temp-dir.js';
import { goodRoutes } from '../test/fuzz/good-routes.js';
import { fuzzSeed } from '../test/fuzz/prng.js';
import { describeViolations, docCount } from '../test/fuzz/storm-report.js';
import { initialFiles, runStormSession } from '../test/fuzz/storm-session.js';
import { summary } from './bench-stats.js';
import { startIsobarProcess, type IsobarProcess } from './isobar-process.js';
import { residentByMapping } from './process-memory.js';
import { eventually } from '../test/e2e/harness/eventually.js';
import type { StatusJson } from '../test/e2e/harness/isobar-stack.js';

const PLUGINS = ['source-file', 'sink-xds', 'websocket', 'prefix-rewrite', 'timeout-retry', 'load-balancing', 'health-check', 'tcp-proxy'];

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 120);
  const files = Number(process.argv[3] ?? 600);
  const seed = process.argv[4] !== undefined ? Number(process.argv[4]) : fuzzSeed();
  if (!(seconds > 0) || !Number.isInteger(files) || files < 1) throw new Error('usage: storm-bench [durationSeconds] [files] [seed]');
  process.stderr.write(`storm-bench: seed ${seed}, ${seconds} s, ${files} files\n`);
  const cleanups: Array<() => unknown> = [];
  try {
    const good = await goodRoutes();
    cleanups.push(() => good.close());
    const storm = await startEchoBackend('storm');
    cleanups.push(() => storm.close());
    const work = await createTempDir('isobar-storm-bench-');
    cleanups.push(() => work.remove());
    const root = work.file('watched');
    for (const [name, text] of Object.entries(initialFiles(good, storm.port))) {
      await mkdir(dirname(`${root}/${name}`), { recursive: true });
      await writeFile(`${root}/${name}`, text);
    }
    const isobar = await startIsobarProcess(work, root, PLUGINS);
    cleanups.push(() => isobar.stop());

    // Samplers: isobar's RSS every 250 ms, and /healthz answered while the storm runs.
    const rss: number[] = [await isobar.rssMiB()];
    const healthz: number[] = [];
    let sampling = true;
    const samplers = Promise.all([
      (async () => {
        while (sampling) {
          rss.push(await isobar.rssMiB());
          await sleep(250);
        }
      })(),
      (async () => {
        while (sampling) {
          const t0 = performance.now();
          await request({ port: isobar.adminPort, path: '/healthz', timeoutMs: 10_000 }).catch(() => undefined);
          healthz.push(performance.now() - t0);
          await sleep(100);
        }
      })(),
    ]);
    const r = await runStormSession({ root, httpPort: isobar.httpPort, httpsPort: isobar.httpsPort, adminPort: isobar.adminPort, envoy: isobar.envoy }, good, {
      seed,
      goodChanges: Math.max(5, Math.round(seconds / 4)),
      plan: { files, attacks: Math.round(files / 6), docsPerFile: [5, 20], rewrites: Math.round(files * 0.7), deletes: Math.round(files * 0.4), durationMs: seconds * 1000 },
      settleTimeoutMs: 60_000,
    });
    sampling = false;
    await samplers;
    // RSS a little after the storm with its files still on disk, then after they are all removed (the
    // input is back to what it was before the storm): the second must come back near the start.
    await sleep(5000);
    const end = await isobar.rssMiB();
    for (const name of r.state.live.keys()) await rm(join(root, name), { force: true });
    const cleaned = await settledAfterCleanup(isobar, r.state.live.size);
    const out = {
      seed,
      documentsWritten: r.state.docsWritten,
      documentsOnDiskAtEnd: docCount(r.state.live.values()),
      fileOps: r.state.ops,
      stormMs: Math.round(r.stormMs),
      settleMs: Math.round(r.settleMs),
      requests: { sent: r.load.sent, failed: r.load.failed, firstFailures: r.load.failures.slice(0, 5) },
      nacks: r.nacks,
      envoyRejectedUpdates: r.envoyRejected.total,
      failedBuilds: r.buildErrors,
      rssMiB: { start: rss[0], peak: Math.max(...rss), end, ...cleaned },
      goodChangeMs: { ...summary(r.goodChangeMs), notServed: r.goodChangeFailures.length },
      healthzMs: summary(healthz),
      statusViolations: r.violations.length,
    };
    console.log(JSON.stringify(out, null, 2));
    if (r.violations.length > 0) process.stderr.write(`${describeViolations(r.violations, seed).slice(0, 20_000)}\n`);
    const rssStayedUp = cleaned.afterCleanup > 1.5 * rss[0]!;
    if (rssStayedUp) process.stderr.write(`storm-bench: RSS after cleanup ${cleaned.afterCleanup} MiB is over 1.5x the start (${rss[0]} MiB)\n`);
    if (rssStayedUp || r.load.failed || r.nacks || r.envoyRejected.total || r.buildErrors || r.goodChangeFailures.length || r.violations.length) process.exitCode = 1;
  } finally {
    for (const fn of cleanups.reverse()) await fn();
  }
}

/**
 * Waits until /status no longer lists storm documents, then samples RSS for 30 s: the lowest sample is
 * what the process settles to once isobar's memory reducer has run (10 s after the last build).
 */
async function settledAfterCleanup(isobar: IsobarProcess, removedFiles: number): Promise<{ removedFiles: number; afterCleanup: number; cleanupSamples: number[]; residentByMapping: unknown }> {
  await eventually(async () => {
    const s = await (await request({ port: isobar.adminPort, path: '/status', timeoutMs: 30_000 })).json<StatusJson>();
    const left = s.objects.filter((o) => /^m\d+$/.test(o.ref.name)).length + s.problems.filter((p) => p.file && /storm\/d\d+\/(?!support-)/.test(p.file)).length;
    if (left > 0) throw new Error(`${left} storm objects or file problems still listed`);
  }, { timeoutMs: 60_000, intervalMs: 1000 });
  const samples: number[] = [];
  for (let i = 0; i < 15; i++) {
    await sleep(2000);
    samples.push(await isobar.rssMiB());
  }
  return { removedFiles, afterCleanup: Math.min(...samples), cleanupSamples: samples, residentByMapping: await residentByMapping(isobar.proc.pid!) };
}

main().catch((err: unknown) => {
  process.stderr.write(`storm-bench: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});

/**
 * npm run bench:file-scale — N small Ingress files written at once into the watched directory of a running
 * isobar (file source → engine, no Envoy): time from the first write until a published build holds every
 * one of them, and how many builds that took. Then a write storm (every file copied over R times) to see
 * whether RSS comes back afterwards. Prints one JSON object.
 * Usage: node --expose-gc dist/bench/file-scale-bench.js [files] [storm rounds]   (default 10000 2)
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { App } from '../cli/app.js';
import { createLogger } from '../core/logging.js';
import { inProcessConfig } from '../test/e2e/harness/in-process-config.js';
import { createTempDir } from '../test/e2e/harness/temp-dir.js';
import { copyIn, stageIngressFiles, writeServicesFile } from './ingress-files.js';

const files = Number(process.argv[2] ?? 10_000);
const stormRounds = Number(process.argv[3] ?? 2);

const rssMb = (): number => Math.round(process.memoryUsage().rss / 1e6);
const collect = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await sleep(100);
  }
};

/** Resolves when a build has an Ingress status for every file at `round` (checked via the labels the store holds). */
function servedAll(app: App, round: number): boolean {
  const build = app.engine.lastBuild();
  if (!build || app.engine.snapshot()?.version !== build.snapshot.version) return false;
  let n = 0;
  for (const s of build.statuses) if (s.ref.kind === 'Ingress') n++;
  if (n < files) return false;
  const last = app.engine.store.get('Ingress', `team-${(files - 1) % 50}`, `app-${files - 1}`);
  return last?.object.metadata.labels?.['round'] === String(round);
}

async function main(): Promise<void> {
  const tmp = await createTempDir('isobar-file-scale-');
  const dir = join(tmp.path, 'k8s');
  await mkdir(dir);
  // One Service per namespace, there before start: the Ingresses resolve (no per-object warnings).
  await writeServicesFile(dir);
  const config = inProcessConfig(dir, { 'log.level': process.env.ISOBAR_TEST_LOG ?? 'warn' });
  const app = await App.create(config, createLogger(config.log));
  let builds = 0;
  app.engine.onPublish(() => builds++);
  await app.start();
  try {
    await collect();
    const rounds = [];
    for (let r = 0; r <= stormRounds; r++) rounds.push(await stageIngressFiles(join(tmp.path, `round-${r}`), files, r));
    await collect();
    const rssBefore = rssMb();
    const t0 = performance.now();
    await copyIn(rounds[0]!, dir);
    const writtenMs = performance.now() - t0;
    let storedMs = NaN;
    while (!servedAll(app, 0)) {
      if (Number.isNaN(storedMs) && app.engine.store.size >= files + 50) storedMs = performance.now() - t0;
      await sleep(20);
    }
    const servedMs = performance.now() - t0;
    // Stored and published between two polls: the store held them by the time the build was seen.
    if (Number.isNaN(storedMs)) storedMs = servedMs;
    const buildsToServe = builds;
    await collect();
    const rssLoaded = rssMb();
    let rssPeak = rssLoaded;
    const t1 = performance.now();
    for (let r = 1; r <= stormRounds; r++) {
      await copyIn(rounds[r]!, dir);
      rssPeak = Math.max(rssPeak, rssMb());
    }
    while (!servedAll(app, stormRounds)) {
      rssPeak = Math.max(rssPeak, rssMb());
      await sleep(20);
    }
    const stormMs = performance.now() - t1;
    await sleep(1000);
    await collect();
    const rssAfter = rssMb();
    console.log(
      JSON.stringify({
        files,
        writtenMs: Math.round(writtenMs),
        storedMs: Math.round(storedMs),
        servedMs: Math.round(servedMs),
        buildsToServe,
        stormWrites: files * stormRounds,
        stormServedMs: Math.round(stormMs),
        rssMB: { beforeFiles: rssBefore, loaded: rssLoaded, stormPeak: rssPeak, afterStorm: rssAfter, afterOverLoaded: +(rssAfter / rssLoaded).toFixed(2) },
      }),
    );
  } finally {
    await app.stop();
    await tmp.remove();
  }
}

await main();

/**
 * npm run bench:files-served — N Ingress files (one host each) copied at once with `cp -r` into the
 * watched directory of isobar running as its own process, with a real Envoy: time from the start of the
 * copy until Envoy routes the first and the last host (any answer but 404: the Services have no
 * endpoints, so a routed host answers 503). Each round starts a fresh isobar and Envoy. Prints one JSON
 * object; exits 1 if a round exceeded the limit.
 * Usage: node dist/bench/files-served-bench.js [files=10000] [rounds=3] [limitMs=5000]
 */
import { mkdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from '../test/e2e/harness/http-client.js';
import { createTempDir } from '../test/e2e/harness/temp-dir.js';
import { summary } from './bench-stats.js';
import { benchHost, copyIn, stageIngressFiles, writeServicesFile } from './ingress-files.js';
import { startIsobarProcess } from './isobar-process.js';

const files = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 3);
const limitMs = Number(process.argv[4] ?? 5000);

/** Resolves with the time since t0 at which Envoy first routes `name` (no 404, no connection error). */
async function routed(port: number, name: string, t0: number): Promise<number> {
  for (;;) {
    const r = await request({ port, host: name, path: '/', timeoutMs: 5000 }).catch(() => undefined);
    if (r && r.status !== 404) return performance.now() - t0;
    await sleep(20);
  }
}

async function round(): Promise<{ cpMs: number; firstHostMs: number; lastHostMs: number; rssMiB: number }> {
  const work = await createTempDir('isobar-files-served-');
  try {
    const staged = await stageIngressFiles(work.file('stage'), files);
    const dir = work.file('watched');
    await mkdir(dir);
    // One Service per namespace, there before start, so every Ingress resolves.
    await writeServicesFile(dir);
    const isobar = await startIsobarProcess(work, dir, ['source-file', 'sink-xds']);
    try {
      await sleep(1000);
      const t0 = performance.now();
      const copied = copyIn(staged, dir).then(() => performance.now() - t0);
      const [lastHostMs, firstHostMs, cpMs] = await Promise.all([routed(isobar.httpPort, benchHost(files - 1), t0), routed(isobar.httpPort, benchHost(0), t0), copied]);
      return { cpMs: Math.round(cpMs), firstHostMs: Math.round(firstHostMs), lastHostMs: Math.round(lastHostMs), rssMiB: await isobar.rssMiB() };
    } finally {
      await isobar.stop();
    }
  } finally {
    await work.remove();
  }
}

async function main(): Promise<void> {
  if (!Number.isInteger(files) || files < 1 || !Number.isInteger(rounds) || rounds < 1) throw new Error('usage: files-served-bench [files] [rounds] [limitMs]');
  const results = [];
  for (let r = 0; r < rounds; r++) results.push(await round());
  console.log(JSON.stringify({ files, rounds: results, lastHostMs: summary(results.map((r) => r.lastHostMs)), limitMs }, null, 2));
  if (results.some((r) => r.lastHostMs > limitMs)) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`files-served-bench: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});

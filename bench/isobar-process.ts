/**
 * isobar as its own process (`node dist/cli/main.js serve -c …`, file source on a directory) with a real
 * Envoy attached: what a benchmark needs when isobar's memory must be its own, not shared with the load
 * generator's. Ports are picked free on 127.0.0.1; /readyz says when the first snapshot is out.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEnvoy, type EnvoyProcess } from '../test/e2e/harness/envoy-process.js';
import { eventually } from '../test/e2e/harness/eventually.js';
import { request } from '../test/e2e/harness/http-client.js';
import { xdsBootstrap } from '../test/e2e/harness/isobar-stack.js';
import { ManagedProcess } from '../test/e2e/harness/managed-process.js';
import { freePorts } from '../test/e2e/harness/ports.js';
import type { TempDir } from '../test/e2e/harness/temp-dir.js';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'cli', 'main.js');

export interface IsobarProcess {
  proc: ManagedProcess;
  envoy: EnvoyProcess;
  httpPort: number;
  httpsPort: number;
  adminPort: number;
  /** Resident set size of the isobar process now, in MiB (from /proc). */
  rssMiB(): Promise<number>;
  stop(): Promise<void>;
}

export async function startIsobarProcess(work: TempDir, directory: string, plugins: string[]): Promise<IsobarProcess> {
  const [httpPort, httpsPort, adminPort, xdsPort] = (await freePorts(4)) as [number, number, number, number];
  const config = await work.write(
    'isobar.yaml',
    `plugins: [${plugins.join(', ')}]
sourceFile: { directory: ${JSON.stringify(directory)} }
listeners:
  http: { address: 127.0.0.1, port: ${httpPort} }
  https: { address: 127.0.0.1, port: ${httpsPort} }
admin: { address: 127.0.0.1, port: ${adminPort} }
xds: { address: 127.0.0.1, port: ${xdsPort} }
log: { level: error, format: json }
`,
  );
  // ISOBAR_BENCH_NODE_FLAGS: extra flags for isobar's node (e.g. --heapsnapshot-signal=SIGUSR2 to look inside).
  const flags = (process.env.ISOBAR_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const proc = ManagedProcess.spawn('isobar', process.execPath, [...flags, MAIN, 'serve', '-c', config]);
  try {
    await Promise.race([
      eventually(async () => {
        if (!proc.isRunning) throw new Error(`isobar exited\n${proc.describe()}`);
        const r = await request({ port: adminPort, path: '/readyz', timeoutMs: 1000 });
        if (r.status !== 200) throw new Error(`isobar not ready: ${r.body}`);
      }, { timeoutMs: 30_000, intervalMs: 100 }),
      proc.spawnFailed,
    ]);
  } catch (err) {
    await proc.stop();
    throw err;
  }
  const envoy = await startEnvoy({ bootstrap: xdsBootstrap(xdsPort, 'bench-storm') }).catch(async (err: unknown) => {
    await proc.stop();
    throw err;
  });
  return {
    proc,
    envoy,
    httpPort,
    httpsPort,
    adminPort,
    async rssMiB() {
      const text = await readFile(`/proc/${proc.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(text)?.[1]);
      return Math.round((kb / 1024) * 10) / 10;
    },
    async stop() {
      await envoy.stop();
      await proc.stop();
    },
  };
}

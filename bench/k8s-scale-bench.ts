/**
 * npm run bench:k8s-scale — the controller at scale against a real kube-apiserver: N Ingresses, N
 * Services and N EndpointSlices of 5 endpoints each (default N = 10,000: 50,000 endpoints), created
 * through the API, then `isobar serve` started as its own process (so its memory is its own) with the
 * Kubernetes source. Reports time to ready (every reflector listed, first snapshot published), the
 * process's RSS and peak RSS, and the time for one more Ingress, and for one changed EndpointSlice, to
 * be built (the latter through the endpoint fast path).
 * Usage: node dist/bench/k8s-scale-bench.js [N]
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from '../test/e2e/harness/http-client.js';
import { freePorts } from '../test/e2e/harness/ports.js';
import { createTempDir } from '../test/e2e/harness/temp-dir.js';
import { startKubeCluster, type KubeCluster } from '../test/k8s/harness/kube-cluster.js';
import { apply, namespace, type KubeObjectLike } from '../test/k8s/harness/kube-objects.js';
import { endpointSlice, ingress, service } from '../test/k8s/harness/k8s-fixtures.js';
import { metricValue } from '../test/k8s/harness/metrics.js';

const NAMESPACES = 10;
const CONCURRENCY = 24;
const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../cli/main.js');

async function createAll(cluster: KubeCluster, objects: KubeObjectLike[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < objects.length) {
      const o = objects[next++]!;
      await cluster.admin.request('POST', await cluster.mapper.path(o, { withName: false }), { body: o });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

function objectsFor(i: number): KubeObjectLike[] {
  const ns = `scale-${i % NAMESPACES}`;
  const name = `svc-${i}`;
  const ips = Array.from({ length: 5 }, (_, k) => `10.${(i >> 8) & 255}.${i & 255}.${k + 1}`);
  return [service(ns, name), endpointSlice(ns, name, ips), ingress(ns, `ing-${i}`, `host-${i}.scale.test`, name)];
}

async function vm(pid: number): Promise<{ rssMB: number; peakRssMB: number }> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return { rssMB: Math.round(kb('VmRSS') / 1024), peakRssMB: Math.round(kb('VmHWM') / 1024) };
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 10_000);
  if (!Number.isInteger(n) || n < 1) throw new Error(`N must be a positive integer, got ${process.argv[2]}`);
  const dir = await createTempDir('isobar-k8s-scale-');
  const cluster = await startKubeCluster();
  let child: ReturnType<typeof spawn> | undefined;
  try {
    await apply(cluster, Array.from({ length: NAMESPACES }, (_, i) => namespace(`scale-${i}`)));
    const t0 = performance.now();
    const all = Array.from({ length: n }, (_, i) => objectsFor(i));
    await createAll(cluster, all.flatMap((o) => o.slice(0, 2)));
    await createAll(cluster, all.map((o) => o[2]!));
    const createSeconds = (performance.now() - t0) / 1000;

    const [adminPort, xdsPort] = await freePorts(2);
    const kubeconfig = await cluster.kubeConfigFile('scale');
    const configFile = path.join(dir.path, 'isobar.yaml');
    await writeFile(
      configFile,
      JSON.stringify({
        plugins: ['source-k8s', 'sink-xds'],
        admin: { port: adminPort },
        xds: { port: xdsPort },
        log: { level: 'warn', format: 'json' },
        sourceK8s: { kubeconfig },
        leaderElection: { enabled: false },
      }),
    );
    const started = performance.now();
    child = spawn(process.execPath, [MAIN, 'serve', '--config', configFile], { stdio: ['ignore', 'ignore', 'inherit'] });
    let readyMs = NaN;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`isobar exited with ${child.exitCode}`);
      try {
        if ((await request({ port: adminPort!, path: '/readyz', timeoutMs: 5000 })).status === 200) {
          readyMs = performance.now() - started;
          break;
        }
      } catch {
        /* not listening yet */
      }
      if (performance.now() - started > 300_000) throw new Error('isobar not ready within 300 s');
      await sleep(50);
    }
    const atReady = await vm(child.pid!);
    const builds = await metricValue(adminPort!, 'isobar_builds_total', { kind: 'full' });
    // Mean full build so far (the histogram's sum over its count).
    const buildSeconds = (await metricValue(adminPort!, 'isobar_build_duration_seconds_sum', { kind: 'full' })) / Math.max(1, builds);
    const objects = await metricValue(adminPort!, 'isobar_store_objects');
    // One more Ingress through the API: how long until isobar has built it.
    const t1 = performance.now();
    await apply(cluster, [ingress('scale-0', 'one-more', 'one-more.scale.test', 'svc-0')]);
    while ((await metricValue(adminPort!, 'isobar_builds_total', { kind: 'full' })) <= builds) await sleep(5);
    const oneChangeMs = performance.now() - t1;
    // One EndpointSlice changed (a pod replaced): the endpoint fast path.
    const epBuilds = await metricValue(adminPort!, 'isobar_builds_total', { kind: 'endpoints' });
    const t2 = performance.now();
    await apply(cluster, [endpointSlice('scale-7', 'svc-7', ['10.200.0.1', '10.200.0.2', '10.200.0.3', '10.200.0.4', '10.200.0.5'])]);
    while ((await metricValue(adminPort!, 'isobar_builds_total', { kind: 'endpoints' })) <= epBuilds) await sleep(2);
    const endpointChangeMs = performance.now() - t2;
    await sleep(2000);
    const settled = await vm(child.pid!);
    console.log(
      JSON.stringify(
        {
          ingresses: n,
          services: n,
          endpointSlices: n,
          endpoints: n * 5,
          storeObjects: objects,
          createThroughApiSeconds: Math.round(createSeconds * 10) / 10,
          startToReadyMs: Math.round(readyMs),
          meanBuildMs: Math.round(buildSeconds * 1000),
          memoryAtReady: atReady,
          memoryAfterOneChange: settled,
          oneIngressApplyToBuiltMs: Math.round(oneChangeMs),
          oneEndpointSliceApplyToBuiltMs: Math.round(endpointChangeMs),
        },
        null,
        2,
      ),
    );
  } finally {
    child?.kill('SIGTERM');
    await cluster.stop();
    await dir.remove();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`k8s-scale-bench: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});

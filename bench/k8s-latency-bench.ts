/**
 * npm run bench:k8s-latency — object applied through a real kube-apiserver → route served by a real
 * Envoy. Each iteration server-side-applies a new Ingress (a new host) and polls Envoy (a request every
 * ~2 ms) until the echo backend answers for that host. The backend is reached through an ExternalName
 * Service (localhost), because the API server refuses loopback addresses in EndpointSlices.
 * Measures apply sent → first correct answer, and apply sent → snapshot published inside isobar.
 * Status write-back is on (every new Ingress gets status.loadBalancer written by the leader), so the
 * figures include routing while status writes are queued and sent.
 * Usage: node dist/bench/k8s-latency-bench.js [iterations]   (default 100)
 */
import { startEchoBackend } from '../test/e2e/harness/echo-backend.js';
import { startKubeCluster } from '../test/k8s/harness/kube-cluster.js';
import { apply, namespace } from '../test/k8s/harness/kube-objects.js';
import { ingress } from '../test/k8s/harness/k8s-fixtures.js';
import { startK8sIsobar } from '../test/k8s/harness/k8s-isobar.js';
import { metricValue } from '../test/k8s/harness/metrics.js';
import { summary } from './bench-stats.js';
import { firstAnswerFrom } from './first-answer.js';

async function main(): Promise<void> {
  const iterations = Number(process.argv[2] ?? 100);
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`iterations must be a positive integer, got ${process.argv[2]}`);
  const cleanups: Array<() => unknown> = [];
  try {
    const echo = await startEchoBackend('k8s-bench');
    cleanups.push(() => echo.close());
    const cluster = await startKubeCluster();
    cleanups.push(() => cluster.stop());
    await apply(cluster, [
      namespace('bench'),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'echo', namespace: 'bench' }, spec: { type: 'ExternalName', externalName: 'localhost', ports: [{ name: 'http', port: echo.port }] } },
    ]);
    const isobar = await startK8sIsobar(cluster, { config: { 'sourceK8s.statusAddress': '192.0.2.1' } });
    cleanups.push(() => isobar.stop());
    const publishedAt: number[] = [];
    isobar.app.engine.onPublish(() => publishedAt.push(performance.now()));

    const warmHost = 'warm.bench.test';
    await apply(cluster, [ingress('bench', 'warm', warmHost, 'echo', { port: echo.port })]);
    await firstAnswerFrom(warmHost, echo.name, isobar.httpPort, 30_000);

    const served: number[] = [];
    const published: number[] = [];
    let failures = 0;
    for (let i = 0; i < iterations; i++) {
      const host = `h${i}.bench.test`;
      const t0 = performance.now();
      await apply(cluster, [ingress('bench', `bench-${i}`, host, 'echo', { port: echo.port })]);
      try {
        served.push((await firstAnswerFrom(host, echo.name, isobar.httpPort)) - t0);
        const publish = publishedAt.find((t) => t >= t0);
        if (publish !== undefined) published.push(publish - t0);
      } catch (err) {
        failures++;
        process.stderr.write(`iteration ${i}: ${(err as Error).message}\n`);
      }
    }
    const statusWrites = await metricValue(isobar.app.adminPort, 'isobar_status_writes_total', { result: 'written' });
    console.log(JSON.stringify({ iterations, failures, applyToServedMs: summary(served), applyToPublishedMs: summary(published), statusWrites }, null, 2));
    if (failures > 0) process.exitCode = 1;
  } finally {
    for (const fn of cleanups.reverse()) await fn();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`k8s-latency-bench: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});

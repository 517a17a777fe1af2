/**
 * npm run bench:latency — change-to-served latency through a real Envoy: rewrite an Ingress file so its
 * route moves between backends A and B, then poll Envoy (a new request every ~2 ms, no keep-alive)
 * until an answer comes from the new backend. Measures file write → first correct response, and
 * file write → snapshot published inside isobar. Prints one JSON object.
 * Usage: node dist/bench/latency-bench.js [iterations]   (default 200)
 */
import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { envoy } from '../core/index.js';
import { Sink } from '../core/container/contribution-points.js';
import { startEchoBackend, type EchoBackend } from '../test/e2e/harness/echo-backend.js';
import { startStack } from '../test/e2e/harness/isobar-stack.js';
import { summary } from './bench-stats.js';
import { firstAnswerFrom, POLL_EVERY_MS } from './first-answer.js';

const HOST = 'bench.test';

function servicesYaml(a: EchoBackend, b: EchoBackend): string {
  return [a, b]
    .map(
      (e) => `apiVersion: v1
kind: Service
metadata: { name: ${e.name} }
spec:
  ports: [{ name: http, port: 80 }]
---
apiVersion: v1
kind: Endpoints
metadata: { name: ${e.name} }
subsets:
- addresses: [{ ip: 127.0.0.1 }]
  ports: [{ name: http, port: ${e.port} }]
`,
    )
    .join('---\n');
}

function ingressYaml(service: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: bench }
spec:
  rules:
  - host: ${HOST}
    http:
      paths:
      - { path: /, pathType: Prefix, backend: { service: { name: ${service}, port: { number: 80 } } } }
`;
}

async function main(): Promise<void> {
  const iterations = Number(process.argv[2] ?? 200);
  if (!Number.isInteger(iterations) || iterations < 1) throw new Error(`iterations must be a positive integer, got ${process.argv[2]}`);
  const cleanups: Array<() => unknown> = [];
  const scope = { after: (fn: () => unknown) => cleanups.push(fn) };
  try {
    const a = await startEchoBackend('bench-a');
    cleanups.push(() => a.close());
    const b = await startEchoBackend('bench-b');
    cleanups.push(() => b.close());
    const stack = await startStack(scope, { files: { 'services.yaml': servicesYaml(a, b), 'ingress.yaml': ingressYaml(a.name) } });

    const publishedAt: number[] = [];
    stack.app.engine.onPublish(() => publishedAt.push(performance.now()));
    const xds = countXdsResponses(stack.app.sink('sink-xds'));

    await firstAnswerFrom(HOST, a.name, stack.httpPort);
    await sleep(200); // let the initial config settle before measuring
    const baseline = { publishes: publishedAt.length, ...xds.totals() };

    const served: number[] = [];
    const published: number[] = [];
    let failures = 0;
    for (let i = 0; i < iterations; i++) {
      const target = i % 2 === 0 ? b : a;
      const t0 = performance.now();
      await writeFile(stack.dir.file('ingress.yaml'), ingressYaml(target.name));
      try {
        served.push((await firstAnswerFrom(HOST, target.name, stack.httpPort)) - t0);
        const publish = publishedAt.find((t) => t >= t0);
        if (publish !== undefined) published.push(publish - t0);
      } catch (err) {
        failures++;
        process.stderr.write(`iteration ${i}: ${(err as Error).message}\n`);
      }
    }
    const totals = xds.totals();
    console.log(
      JSON.stringify(
        {
          iterations,
          failures,
          pollEveryMs: POLL_EVERY_MS,
          writeToServedMs: summary(served),
          writeToPublishedMs: summary(published),
          snapshotsPublished: publishedAt.length - baseline.publishes,
          xdsResponses: totals.responses - baseline.responses,
          xdsResourceBytes: totals.bytes - baseline.bytes,
        },
        null,
        2,
      ),
    );
    if (failures > 0) process.exitCode = 1;
  } finally {
    for (const fn of cleanups.reverse()) await fn();
  }
}

/**
 * Counts what the xDS sink writes to its clients (responses, and the bytes of the resources in them) by
 * wrapping its write method: benchmark instrumentation only, no part of isobar's API.
 */
function countXdsResponses(sink: Sink | undefined): { totals(): { responses: number; bytes: number } } {
  let responses = 0;
  let bytes = 0;
  const target = sink as unknown as { write?: (call: unknown, response: envoy.DiscoveryResponse) => void } | undefined;
  const original = target?.write;
  if (target && original) {
    target.write = (call, response) => {
      responses++;
      for (const r of response.resources) bytes += r.value.length;
      original.call(target, call, response);
    };
  }
  return { totals: () => ({ responses, bytes }) };
}

main().catch((err: unknown) => {
  process.stderr.write(`latency-bench: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});

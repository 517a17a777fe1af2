/**
 * npm run bench:build — time and peak memory to build and translate N Ingresses (each with its
 * Service and Endpoints) from cold. Each size runs in a fresh process so peak RSS is its own.
 * Usage: node dist/bench/build-bench.js [sizes…]   (default 1000 10000)
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from '../test/fixtures/build.js';
import { endpoints, ingressV1, service, storeOf } from '../test/fixtures/objects.js';
import type { K8sObject } from '../core/model/k8s-object.js';

function objects(n: number): K8sObject[] {
  const out: K8sObject[] = [];
  for (let i = 0; i < n; i++) {
    const ns = `team-${i % 100}`;
    const name = `app-${i}`;
    out.push(service(ns, name, [{ name: 'http', port: 80 }]));
    out.push({ ...endpoints(ns, name, `10.${(i >> 8) & 255}.${i & 255}.1`, [{ name: 'http', port: 8080 }]) });
    out.push(
      ingressV1(ns, name, {
        rules: [
          {
            host: `${name}.${ns}.example.com`,
            http: {
              paths: [
                { path: '/', pathType: 'Prefix', backend: { service: { name, port: { name: 'http' } } } },
                { path: '/api', pathType: 'Prefix', backend: { service: { name, port: { number: 80 } } } },
              ],
            },
          },
        ],
      }),
    );
  }
  return out;
}

function runOne(n: number): void {
  const input = objects(n);
  const t0 = performance.now();
  const store = storeOf(input);
  const t1 = performance.now();
  const result = build(store);
  const t2 = performance.now();
  const again = build(store);
  const t3 = performance.now();
  let bytes = 0;
  let resources = 0;
  for (const set of result.snapshot.resources.values()) for (const r of set.items.values()) ((bytes += r.resource.value.length), resources++);
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({
      ingresses: n,
      storeMs: +(t1 - t0).toFixed(1),
      coldBuildMs: +(t2 - t1).toFixed(1),
      warmBuildMs: +(t3 - t2).toFixed(1),
      deterministic: again.snapshot.version === result.snapshot.version,
      resources,
      snapshotMB: +(bytes / 1e6).toFixed(2),
      peakRssMB: +rssMb.toFixed(0),
    }),
  );
}

const arg = process.argv[2];
if (arg === '--one') runOne(Number(process.argv[3]));
else {
  const sizes = process.argv.slice(2).map(Number);
  for (const n of sizes.length ? sizes : [1000, 10000]) {
    execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--one', String(n)], { stdio: 'inherit' });
  }
}

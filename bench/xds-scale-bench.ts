/**
 * npm run bench:xds-scale — what one Endpoints change costs an xDS client when isobar serves N services.
 * isobar runs in-process (file source over a temporary YAML directory → xDS sink); N Ingress + Service +
 * Endpoints triples are spread over files of 500 apps, and one app's Endpoints sits in a file of its own.
 * One client subscribes like Envoy over ADS (CDS and LDS as a whole, EDS for every cluster, RDS for the
 * listeners' route configs) and ACKs. Then that Endpoints file is rewritten with a new address, and we
 * measure the time from the write to the client receiving the new ClusterLoadAssignment, and per type
 * the responses, resources and bytes the client received for that one change. Each protocol (state of
 * the world, delta) runs in a fresh process. Prints one JSON object per protocol.
 * Usage: node dist/bench/xds-scale-bench.js [services] [changes] [sotw|delta…]   (default 10000 5 sotw delta)
 */
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { TypeUrl } from '../core/index.js';
import { EnvoyLikeSubscriber, type Received } from '../cli/xds/envoy-like-subscriber.js';
import { appYaml, endpointsYaml, startLocalIsobar, timeSinkPublish } from '../test/support/cli/local-isobar.js';
import type { XdsMode } from '../cli/xds/xds-client.js';
import { typeLabel } from '../plugins/sink-xds/xds-types.js';
import { summary } from './bench-stats.js';

const APPS_PER_FILE = 500;
/** A change is over when the client has heard nothing for this long. */
const QUIET_MS = 1000;
const TARGET_FILE = 'target-endpoints.yaml';
const CHANGE_TIMEOUT_MS = 60_000;

function files(n: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let f = 0; f * APPS_PER_FILE < n; f++) {
    const docs: string[] = [];
    for (let i = f * APPS_PER_FILE; i < Math.min(n, (f + 1) * APPS_PER_FILE); i++) {
      const yaml = appYaml(`team-${i % 100}`, `app-${i}`, `app-${i}.example.com`, ip(i, 1), 8080);
      // App 0's Endpoints live in their own file, the one the benchmark rewrites.
      docs.push(i === 0 ? yaml.replace(endpointsYaml('team-0', 'app-0', ip(0, 1), 8080) + '---\n', '') : yaml);
    }
    out[`apps-${String(f).padStart(3, '0')}.yaml`] = docs.join('---\n');
  }
  out[TARGET_FILE] = endpointsYaml('team-0', 'app-0', ip(0, 1), 8080);
  return out;
}

function ip(i: number, host: number): string {
  return `10.${(i >> 8) & 255}.${i & 255}.${host}`;
}

function perType(received: readonly Received[]): Record<string, { responses: number; resources: number; removed: number; bytes: number }> {
  const out: Record<string, { responses: number; resources: number; removed: number; bytes: number }> = {};
  for (const r of received) {
    const t = (out[typeLabel(r.typeUrl)] ??= { responses: 0, resources: 0, removed: 0, bytes: 0 });
    t.responses++;
    t.resources += r.resources;
    t.removed += r.removed;
    t.bytes += r.bytes;
  }
  return out;
}

async function quiet(sub: EnvoyLikeSubscriber): Promise<void> {
  for (;;) {
    const last = sub.received.at(-1)?.at ?? 0;
    const idle = performance.timeOrigin + performance.now() - last;
    if (idle >= QUIET_MS) return;
    await sleep(QUIET_MS - idle + 5);
  }
}

async function runOne(mode: XdsMode, n: number, changes: number): Promise<void> {
  const t0 = performance.now();
  const isobar = await startLocalIsobar(files(n));
  try {
    await isobar.published();
    const tBuilt = performance.now();
    const sub = new EnvoyLikeSubscriber(`127.0.0.1:${isobar.xdsPort}`, 'scale-bench', mode);
    sub.start();
    await sub.synced();
    await quiet(sub);
    const initial = perType(sub.received);
    const tSynced = sub.received.at(-1)!.at - performance.timeOrigin;

    const now = () => performance.timeOrigin + performance.now();
    let storeAt = 0;
    let publishAt = 0;
    isobar.app.engine.store.onChange(() => (storeAt ||= now()));
    isobar.app.engine.onPublish(() => (publishAt ||= now()));
    const sinkPublish = timeSinkPublish(isobar);
    const toClient: number[] = [];
    const toStore: number[] = [];
    const toPublish: number[] = [];
    const toSinkPublish: number[] = [];
    const inSinkPublish: number[] = [];
    const counts: Array<ReturnType<typeof perType>> = [];
    // The moment the client first holds the changed ClusterLoadAssignment (its address is in the bytes).
    let arrived = 0;
    let address = '';
    sub.onResponse((r, u) => {
      if (!arrived && r.typeUrl === TypeUrl.ClusterLoadAssignment && u.resources.some((x) => Buffer.from(x.resource.value).includes(address))) arrived = r.at;
    });
    for (let c = 1; c <= changes; c++) {
      const from = sub.received.length;
      storeAt = publishAt = 0;
      sinkPublish.reset();
      arrived = 0;
      address = ip(0, 1 + c);
      const written = now();
      await isobar.dir.write(TARGET_FILE, endpointsYaml('team-0', 'app-0', address, 8080));
      while (!arrived) {
        if (now() - written > CHANGE_TIMEOUT_MS) throw new Error(`change ${c}: the client did not receive ${address} within ${CHANGE_TIMEOUT_MS} ms`);
        await sleep(1);
      }
      await quiet(sub);
      toClient.push(arrived - written);
      toStore.push(storeAt - written);
      toPublish.push(publishAt - written);
      toSinkPublish.push(sinkPublish.entered - written);
      inSinkPublish.push(sinkPublish.took);
      counts.push(perType(sub.received.slice(from)));
    }
    sub.close();
    const same = counts.every((c) => JSON.stringify(c) === JSON.stringify(counts[0]));
    console.log(
      JSON.stringify({
        protocol: mode,
        services: n,
        changes,
        startToPublishedMs: Math.round(tBuilt - t0),
        initialSyncMs: Math.round(tSynced - tBuilt),
        initial,
        writeToClientMs: summary(toClient),
        writeToStoreMs: summary(toStore),
        writeToSinkPublishMs: summary(toSinkPublish),
        sinkPublishMs: summary(inSinkPublish),
        writeToPublishListenersMs: summary(toPublish),
        perChange: same ? counts[0] : counts,
        peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      }),
    );
  } finally {
    await isobar.stop();
  }
}

const [first, ...rest] = process.argv.slice(2);
if (first === '--one') {
  const [mode, n, changes] = rest;
  runOne(mode as XdsMode, Number(n), Number(changes)).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`xds-scale-bench: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
} else {
  const n = Number(first ?? 10_000);
  const changes = Number(rest[0] ?? 5);
  const modes = rest.slice(1).length ? rest.slice(1) : ['sotw', 'delta'];
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(changes) || changes < 1) throw new Error('usage: xds-scale-bench [services] [changes] [sotw|delta…]');
  for (const mode of modes) execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--one', mode, String(n), String(changes)], { stdio: 'inherit' });
}

/**
 * npm run bench:xds-clients — fan-out of one change to many xDS clients. isobar runs in this process
 * (file source over a temporary YAML directory of N Ingress + Service + Endpoints → xDS sink); C clients
 * run in a child process, so this process's CPU is the controller's alone. Each client has its own
 * connection and ADS stream, subscribes like Envoy (CDS, EDS, LDS, RDS) and ACKs. Then one file is
 * rewritten — first an Endpoints change (EDS), then an Ingress host change (RDS) — and we measure, per
 * client, the time from the write until it received the last response of that change, the controller's
 * CPU time (process.cpuUsage) and its RSS (sampled every 5 ms) over the fan-out. Prints one JSON object.
 * Usage: node dist/bench/xds-clients-bench.js [clients] [ingresses] [sotw|delta]   (default 200 100 sotw)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { EnvoyLikeSubscriber } from '../cli/xds/envoy-like-subscriber.js';
import { appYaml, startLocalIsobar, timeSinkPublish } from '../test/support/cli/local-isobar.js';
import type { XdsMode } from '../cli/xds/xds-client.js';
import { summary } from './bench-stats.js';

/** A change is over when no client has heard anything for this long. */
const QUIET_MS = 1000;
const now = () => performance.timeOrigin + performance.now();

type ToChild = { mark: true };
type FromChild = { synced: number } | { marked: true } | { done: Array<{ first: number; last: number; responses: number; bytes: number }>; cpuMs: number };

/** The child: C subscribers on their own connections, reporting arrival times (epoch ms) per change. */
async function clients(port: number, count: number, mode: XdsMode): Promise<void> {
  const send = (m: FromChild) => process.send!(m);
  const t0 = now();
  const subs = Array.from({ length: count }, (_, i) => new EnvoyLikeSubscriber(`127.0.0.1:${port}`, `client-${i}`, mode, { 'grpc.use_local_subchannel_pool': 1 }));
  for (const s of subs) s.start();
  await Promise.all(subs.map((s) => s.synced()));
  await quietAll(subs);
  send({ synced: Math.round(lastArrival(subs) - t0) });
  process.on('message', (_m: ToChild) => {
    void (async () => {
      // An error here (e.g. the timeout) must end the child, so the parent's wait for a reply ends too.
      const from = subs.map((s) => s.received.length);
      const cpu = process.cpuUsage();
      send({ marked: true });
      const since = now();
      while (subs.some((s, i) => s.received.length === from[i])) {
        if (now() - since > 60_000) throw new Error('some clients got nothing within 60 s of the change');
        await sleep(2);
      }
      await quietAll(subs);
      const done = subs.map((s, i) => {
        const got = s.received.slice(from[i]);
        return { first: got[0]!.at, last: got.at(-1)!.at, responses: got.length, bytes: got.reduce((b, r) => b + r.bytes, 0) };
      });
      const used = process.cpuUsage(cpu);
      send({ done, cpuMs: Math.round((used.user + used.system) / 1000) });
    })().catch((err: unknown) => {
      process.stderr.write(`xds-clients-bench (clients): ${(err as Error).message}\n`);
      process.exit(1);
    });
  });
}

function lastArrival(subs: readonly EnvoyLikeSubscriber[]): number {
  return Math.max(...subs.map((s) => s.received.at(-1)?.at ?? 0));
}

async function quietAll(subs: readonly EnvoyLikeSubscriber[]): Promise<void> {
  for (;;) {
    const idle = now() - lastArrival(subs);
    if (idle >= QUIET_MS) return;
    await sleep(QUIET_MS - idle + 5);
  }
}

/** The child's next message; fails if it exits first. */
async function reply(child: ChildProcess): Promise<FromChild> {
  const exited = once(child, 'exit').then(([code]) => Promise.reject(new Error(`the clients' process exited (${String(code)})`)));
  const [m] = (await Promise.race([once(child, 'message'), exited])) as [FromChild];
  return m;
}

async function main(count: number, n: number, mode: XdsMode): Promise<void> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) files[`app-${i}.yaml`] = appYaml(`team-${i % 10}`, `app-${i}`, `app-${i}.example.com`, `10.0.${i & 255}.1`, 8080);
  const isobar = await startLocalIsobar(files);
  const child = fork(fileURLToPath(import.meta.url), ['--clients', String(isobar.xdsPort), String(count), mode], { stdio: 'inherit' });
  try {
    await isobar.published();
    const synced = (await reply(child)) as { synced: number };
    const changes = {
      endpoints: appYaml('team-0', 'app-0', 'app-0.example.com', '10.9.9.9', 8080),
      ingress: appYaml('team-0', 'app-0', 'app-0-renamed.example.com', '10.9.9.9', 8080),
    };
    const results: Record<string, unknown> = {};
    const sinkPublish = timeSinkPublish(isobar);
    for (const [name, yaml] of Object.entries(changes)) {
      child.send({ mark: true } satisfies ToChild);
      await reply(child);
      const rssStart = process.memoryUsage().rss;
      let rssPeak = rssStart;
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 5);
      const cpu = process.cpuUsage();
      sinkPublish.reset();
      const written = now();
      await isobar.dir.write('app-0.yaml', yaml);
      const report = (await reply(child)) as Extract<FromChild, { done: unknown }>;
      const used = process.cpuUsage(cpu);
      clearInterval(sampler);
      const lasts = report.done.map((d) => d.last - written);
      results[name] = {
        writeToSinkPublishMs: Math.round((sinkPublish.entered - written) * 100) / 100,
        sinkPublishMs: Math.round(sinkPublish.took * 100) / 100,
        newVersionPerClientMs: summary(lasts),
        firstResponsePerClientMs: summary(report.done.map((d) => d.first - written)),
        allClientsMs: Math.round(Math.max(...lasts) * 100) / 100,
        responsesPerClient: summary(report.done.map((d) => d.responses)),
        bytesPerClient: summary(report.done.map((d) => d.bytes)),
        controllerCpuMs: { user: Math.round(used.user / 1000), system: Math.round(used.system / 1000) },
        controllerRssMB: { before: mb(rssStart), peak: mb(rssPeak) },
        clientsCpuMs: report.cpuMs,
      };
    }
    console.log(JSON.stringify({ protocol: mode, clients: count, ingresses: n, initialSyncAllClientsMs: synced.synced, ...results }, null, 2));
  } finally {
    child.kill();
    await isobar.stop();
  }
}

function mb(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}

const args = process.argv.slice(2);
const run = args[0] === '--clients' ? clients(Number(args[1]), Number(args[2]), args[3] as XdsMode) : main(Number(args[0] ?? 200), Number(args[1] ?? 100), (args[2] ?? 'sotw') as XdsMode);
run.then(
  () => args[0] !== '--clients' && process.exit(0),
  (err: unknown) => {
    process.stderr.write(`xds-clients-bench: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);

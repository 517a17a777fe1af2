/**
 * The same input gives the same Envoy config, byte for byte, across refactors: the full xDS snapshot of
 * the fuzz corpus (every good route of the storm tests, the seed articles' YAML, and hundreds of mutated
 * objects, valid and not) is compared with digests recorded in test/fixtures/snapshot-golden.json.
 * Endpoint and Secret resources are compared by name only: their bytes carry the test backends' ports and
 * a certificate made for this run. After a change that is meant to change the output, record the new
 * digests with ISOBAR_UPDATE_GOLDEN=1 and say why in the commit.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { App } from '../../cli/app.js';
import { createLogger } from '../../core/logging.js';
import { TypeUrl, type Snapshot } from '../../core/index.js';
import { Mutator, STORM_NAMESPACES } from '../fuzz/mutator.js';
import { goodRoutes } from '../fuzz/good-routes.js';
import { seedObjects } from '../fuzz/seed-objects.js';
import { initialFiles } from '../fuzz/storm-session.js';
import { inProcessConfig } from './harness/in-process-config.js';
import { createTempDir } from './harness/temp-dir.js';

const GOLDEN = path.resolve(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'snapshot-golden.json');
const FEATURES = ['websocket', 'prefix-rewrite', 'timeout-retry', 'load-balancing', 'health-check', 'tcp-proxy'];
const BY_NAME_ONLY = new Set<string>([TypeUrl.ClusterLoadAssignment, TypeUrl.Secret]);

/** isobar's first snapshot of a directory holding `files`. */
async function snapshotOf(files: Record<string, string>): Promise<Snapshot> {
  const dir = await createTempDir('isobar-golden-');
  try {
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(dir.file(name)), { recursive: true });
      await writeFile(dir.file(name), text);
    }
    const config = inProcessConfig(dir.path, { plugins: ['source-file', 'api-ingress', 'api-ingressroute', 'api-gateway', ...FEATURES], 'listeners.http.port': 18080, 'listeners.https.port': 18443 });
    const app = await App.create(config, createLogger(config.log));
    const published = new Promise<Snapshot>((resolve) => app.engine.onPublish(resolve));
    await app.start();
    try {
      return await published;
    } finally {
      await app.stop();
    }
  } finally {
    await dir.remove();
  }
}

function digest(snapshot: Snapshot): { digest: string; resources: Record<string, number> } {
  const hash = createHash('sha256');
  const resources: Record<string, number> = {};
  for (const type of [...snapshot.resources.keys()].sort()) {
    const items = snapshot.resources.get(type)!.items;
    resources[type.split('.').pop()!] = items.size;
    for (const name of [...items.keys()].sort()) {
      hash.update(`${type}\n${name}\n`);
      if (!BY_NAME_ONLY.has(type)) hash.update(items.get(name)!.resource.value);
    }
  }
  return { digest: hash.digest('hex'), resources };
}

describe('snapshots stay byte-identical for the same input', () => {
  it('the good routes, the seed articles and a storm of mutated objects', async () => {
    const good = await goodRoutes();
    try {
      const storm = initialFiles(good, 18999);
      const mutator = new Mutator(4242, seedObjects(good.cert), good.claims);
      STORM_NAMESPACES.forEach((ns, i) => (storm[`storm/${ns}/objects.yaml`] = mutator.file(i * 150, 150).text));
      const got = { good: digest(await snapshotOf(good.files)), storm: digest(await snapshotOf(storm)) };
      if (process.env.ISOBAR_UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, `${JSON.stringify(got, null, 2)}\n`);
      assert.ok(got.storm.resources['Listener']! >= 2 && got.storm.resources['RouteConfiguration']! >= 3 && got.storm.resources['Cluster']! > 20, JSON.stringify(got.storm.resources));
      assert.deepEqual(got, JSON.parse(readFileSync(GOLDEN, 'utf8')));
    } finally {
      await good.close();
    }
  });
});

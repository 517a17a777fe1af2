#!/usr/bin/env node
// Builds an image by following a two-stage Dockerfile step for step, without Docker: the build
// stage's COPY and RUN instructions run on this machine in a scratch root, the runtime stage's COPY
// --from instructions fill the image's top layer, and its ENV, WORKDIR, USER, ENTRYPOINT and CMD
// become the image config. The runtime stage's FROM image cannot be pulled here (no registry), so
// its root file system is given (--base-rootfs). Any instruction this reader does not know is an
// error, so the Dockerfile cannot drift away from what is built here without a failing build.
//
//   node dockerfile-image.mjs --dockerfile Dockerfile --context . --base-rootfs DIR --work DIR
//
// Writes DIR/app (the top layer's tree) and DIR/image.json ({env, workdir, user, entrypoint, cmd}), for
// ocibuild.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import dockerignore from '@balena/dockerignore';

const { values: opts } = parseArgs({
  options: {
    dockerfile: { type: 'string', default: 'Dockerfile' },
    context: { type: 'string', default: '.' },
    'base-rootfs': { type: 'string' },
    work: { type: 'string' },
  },
});
if (!opts['base-rootfs'] || !opts.work) fail('--base-rootfs and --work are required');
const context = path.resolve(opts.context);
const work = path.resolve(opts.work);

function fail(message) {
  console.error(`dockerfile-image: ${message}`);
  process.exit(1);
}

/** The Dockerfile as instructions: continuation lines joined, comments and blank lines dropped. */
function parse(text) {
  const out = [];
  let pending = '';
  let startLine = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trimEnd();
    if (pending === '' && (line.trim() === '' || line.trim().startsWith('#'))) return;
    if (pending === '') startLine = i + 1;
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' ';
      return;
    }
    const full = (pending + line).trim();
    pending = '';
    const m = /^(\S+)\s*(.*)$/s.exec(full);
    out.push({ op: m[1].toUpperCase(), rest: m[2], line: startLine });
  });
  return out;
}

/** Splits `A=1 B="two"` (ENV) into pairs. */
function envPairs(rest) {
  const pairs = [];
  const re = /(\w+)=("([^"]*)"|(\S*))/g;
  let m;
  while ((m = re.exec(rest))) pairs.push([m[1], m[3] ?? m[4]]);
  return pairs;
}

function substitute(text, vars) {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => vars[a ?? b] ?? '');
}

/**
 * The build context's files that .dockerignore lets through, as paths relative to the context: read once,
 * since every COPY sees the same context (the build root lives outside it).
 */
let contextFilesRead;
function contextFiles() {
  contextFilesRead ??= readContextFiles();
  return contextFilesRead;
}

function readContextFiles() {
  const ignoreFile = path.join(context, '.dockerignore');
  const ig = dockerignore({}).add(existsSync(ignoreFile) ? readFileSync(ignoreFile, 'utf8').split('\n') : []);
  const files = [];
  const walk = (rel) => {
    for (const name of readdirSync(path.join(context, rel)).sort()) {
      const p = rel ? `${rel}/${name}` : name;
      if (ig.ignores(p)) continue;
      const st = statSync(path.join(context, p), { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk('');
  return files;
}

/** Every path under dir (directories with a trailing slash), sorted. */
function listTree(dir) {
  const out = [];
  const walk = (rel) => {
    for (const name of readdirSync(path.join(dir, rel)).sort()) {
      const p = rel ? `${rel}/${name}` : name;
      const st = statSync(path.join(dir, p), { throwIfNoEntry: false });
      if (st?.isDirectory()) {
        out.push(`${p}/`);
        walk(p);
      } else out.push(p);
    }
  };
  walk('');
  return out;
}

const instructions = parse(readFileSync(path.resolve(opts.dockerfile), 'utf8'));
const args = {};
const stages = [];
for (const ins of instructions) {
  if (ins.op === 'ARG' && stages.length === 0) {
    const [k, v] = ins.rest.split('=');
    args[k] = v ?? '';
    continue;
  }
  if (ins.op === 'FROM') {
    const words = ins.rest.split(/\s+/).filter((w) => !w.startsWith('--platform='));
    stages.push({ from: substitute(words[0], args), name: words[2], steps: [] });
    continue;
  }
  if (stages.length === 0) fail(`line ${ins.line}: ${ins.op} before the first FROM`);
  stages.at(-1).steps.push(ins);
}
if (stages.length !== 2) fail(`expected a build stage and a runtime stage, found ${stages.length} FROM lines`);
const [build, runtime] = stages;

rmSync(work, { recursive: true, force: true });
const buildRoot = path.join(work, 'build-root');
const appRoot = path.join(work, 'app');
mkdirSync(buildRoot, { recursive: true });
mkdirSync(appRoot, { recursive: true });

// The build stage, run here: its FROM image is this machine (Node 24 from node_modules/.bin on PATH).
let cwd = '/';
const env = { ...process.env };
const inRoot = (root, p) => path.join(root, path.posix.resolve(cwd, p));
for (const ins of build.steps) {
  const t0 = Date.now();
  switch (ins.op) {
    case 'WORKDIR':
      cwd = path.posix.resolve(cwd, ins.rest);
      mkdirSync(inRoot(buildRoot, '.'), { recursive: true });
      break;
    case 'ENV':
      for (const [k, v] of envPairs(ins.rest)) env[k] = v;
      break;
    case 'COPY': {
      const words = ins.rest.split(/\s+/);
      if (words.some((w) => w.startsWith('--'))) fail(`line ${ins.line}: COPY flags are not supported in the build stage`);
      const dest = inRoot(buildRoot, words.at(-1));
      const files = contextFiles();
      for (const src of words.slice(0, -1)) {
        const picked = src === '.' ? files : files.filter((f) => f === src);
        if (picked.length === 0) fail(`line ${ins.line}: COPY ${src}: not in the build context (or ignored)`);
        for (const f of picked) {
          const to = src === '.' ? path.join(dest, f) : path.join(dest, path.basename(f));
          mkdirSync(path.dirname(to), { recursive: true });
          cpSync(path.join(context, f), to, { preserveTimestamps: true });
        }
      }
      break;
    }
    case 'RUN': {
      const r = spawnSync('sh', ['-c', ins.rest], { cwd: inRoot(buildRoot, '.'), env, stdio: ['ignore', 'inherit', 'inherit'] });
      if (r.status !== 0) fail(`line ${ins.line}: RUN ${ins.rest}: exit ${r.status}`);
      break;
    }
    default:
      fail(`line ${ins.line}: ${ins.op} is not supported in the build stage`);
  }
  console.log(`build stage, line ${ins.line}: ${ins.op} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

// The runtime stage: the base root file system is given, the rest becomes the top layer and the config.
if (!existsSync(opts['base-rootfs'])) fail(`base rootfs ${opts['base-rootfs']} is missing`);
const image = { from: runtime.from, env: [], workdir: '', user: '', entrypoint: [], cmd: [], expose: [] };
cwd = '/';
for (const ins of runtime.steps) {
  switch (ins.op) {
    case 'ENV':
      for (const [k, v] of envPairs(ins.rest)) image.env.push(`${k}=${v}`);
      break;
    case 'WORKDIR':
      cwd = path.posix.resolve(cwd, ins.rest);
      image.workdir = cwd;
      mkdirSync(inRoot(appRoot, '.'), { recursive: true });
      break;
    case 'COPY': {
      const m = /^--from=(\S+)\s+(\S+)\s+(\S+)$/.exec(ins.rest);
      if (!m || m[1] !== build.name) fail(`line ${ins.line}: only COPY --from=${build.name} SRC DEST is supported in the runtime stage`);
      const src = path.join(buildRoot, m[2]);
      if (!existsSync(src)) fail(`line ${ins.line}: ${m[2]} was not produced by the build stage`);
      cpSync(src, inRoot(appRoot, m[3]), { recursive: true, verbatimSymlinks: true });
      break;
    }
    case 'USER':
      image.user = ins.rest.trim();
      break;
    case 'EXPOSE':
      image.expose.push(...ins.rest.split(/\s+/));
      break;
    case 'ENTRYPOINT':
      image.entrypoint = JSON.parse(ins.rest);
      break;
    case 'CMD':
      image.cmd = JSON.parse(ins.rest);
      break;
    default:
      fail(`line ${ins.line}: ${ins.op} is not supported in the runtime stage`);
  }
}
writeFileSync(path.join(work, 'image.json'), JSON.stringify(image, null, 2) + '\n');
rmSync(buildRoot, { recursive: true, force: true });
console.log(`runtime stage: ${listTree(appRoot).length} paths in the top layer, config ${JSON.stringify(image)}`);

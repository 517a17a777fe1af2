/**
 * The compiled CLI as a user runs it: a child process of `node <build>/cli/main.js`. main.js is taken
 * from the same build output as this test, so this works in dist/ and in any other outDir.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findEnvoyBinary } from '../test/e2e/harness/envoy-binary.js';
import { eventually } from '../test/e2e/harness/eventually.js';
import { request } from '../test/e2e/harness/http-client.js';
import { freePort } from '../test/e2e/harness/ports.js';

const MAIN = fileURLToPath(new URL('./main.js', import.meta.url));

/** The environment without isobar's own variables, so the developer's shell cannot change the outcome. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ISOBAR_') && k !== 'ENVOY_BIN'));
  return { ...env, ...extra };
}

interface CliRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code; rejects (after SIGKILL) when the process outlives `timeoutMs`. */
  exit(timeoutMs?: number): Promise<number | null>;
}

function startCli(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): CliRun {
  const child = spawn(process.execPath, [MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    async exit(timeoutMs = 15_000) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`isobar ${args.join(' ')} still running after ${timeoutMs} ms\nstdout: ${out.slice(-2000)}\nstderr: ${err.slice(-2000)}`));
        }, timeoutMs);
      });
      try {
        return await Promise.race([exited, late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

async function runCli(args: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = startCli(args, env);
  const code = await run.exit();
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

async function tempDir(t: { after(fn: () => unknown): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'isobar-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('isobar CLI: usage', () => {
  for (const command of ['serve', 'standalone', 'bootstrap']) {
    for (const flag of ['--help', '-h']) {
      test(`${command} ${flag} prints its usage and exits 0`, async () => {
        const r = await runCli([command, flag]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, new RegExp(`^Usage: isobar ${command}\\b`));
        assert.match(r.stdout, /--help/);
        assert.equal(r.stderr, '');
      });
    }
  }

  test('--help lists every command and exits 0; no command at all is a usage error (2)', async () => {
    const help = await runCli(['--help']);
    assert.equal(help.code, 0);
    for (const c of ['serve', 'standalone', 'bootstrap']) assert.match(help.stdout, new RegExp(`^  ${c}\\s`, 'm'));
    const none = await runCli([]);
    assert.equal(none.code, 2);
    assert.match(none.stdout, /Usage: isobar <command>/);
  });

  test('an unknown command exits 2, names it and shows the usage', async () => {
    const r = await runCli(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown command "frobnicate"/);
    assert.match(r.stderr, /Usage: isobar <command>/);
  });

  test('help <command> prints that command\'s usage, the same as <command> --help; help <unknown> exits 2', async () => {
    for (const command of ['serve', 'standalone', 'bootstrap', 'certgen', 'render', 'xds', 'version']) {
      const viaHelp = await runCli(['help', command]);
      const viaFlag = await runCli([command, '--help']);
      assert.equal(viaHelp.code, 0, viaHelp.stderr);
      assert.match(viaHelp.stdout, new RegExp(`^Usage: isobar ${command}\\b`));
      assert.equal(viaHelp.stdout, viaFlag.stdout, command);
    }
    const unknown = await runCli(['help', 'frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "frobnicate"/);
  });

  test('--version, -V and version print isobar\'s (package.json) and Node\'s versions, and Envoy\'s as the binary reports it', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const envoy = findEnvoyBinary();
    const reported = execFileSync(envoy, ['--version'], { encoding: 'utf8' });
    const envoyVersion = reported.split('version:')[1]!.trim().split('/')[1]!;
    assert.match(envoyVersion, /^\d+\.\d+\.\d+/);
    for (const args of [['--version'], ['-V'], ['version']]) {
      const r = await runCli(args, cleanEnv({ ENVOY_BIN: envoy }));
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `isobar ${pkg.version}\nnode   ${process.versions.node}\nenvoy  ${envoyVersion} (${envoy})\n`);
    }
    const json = await runCli(['version', '--json'], cleanEnv({ ENVOY_BIN: envoy }));
    assert.deepEqual(JSON.parse(json.stdout), { isobar: pkg.version, node: process.versions.node, envoy: { version: envoyVersion, path: envoy } });
  });

  test('version without a usable Envoy still exits 0 and says why none was found', async () => {
    const r = await runCli(['version', '--envoy', '/nonexistent/envoy']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^envoy  not found: Envoy binary \/nonexistent\/envoy .*does not exist/m);
  });

  test('an unknown option exits 2 and names it', async () => {
    const r = await runCli(['serve', '--frobnicate']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--frobnicate/);
  });
});

describe('isobar serve', () => {
  test('becomes ready, and on SIGTERM stops cleanly with exit code 0', async (t) => {
    const dir = await tempDir(t);
    const adminPort = await freePort();
    await mkdir(join(dir, 'k8s'));
    const config = join(dir, 'isobar.yaml');
    await writeFile(
      config,
      `plugins: [source-file, sink-xds]
sourceFile: { directory: ./k8s }
admin: { address: 127.0.0.1, port: ${adminPort} }
xds: { address: 127.0.0.1, port: 0 }
log: { level: info, format: json }
`,
    );
    const run = startCli(['serve', '-c', config]);
    t.after(() => run.child.kill('SIGKILL'));
    await eventually(
      async () => {
        if (run.child.exitCode !== null) throw new Error(`serve exited early (${run.child.exitCode}): ${run.stderr()}`);
        const res = await request({ port: adminPort, path: '/readyz', timeoutMs: 1000 });
        assert.equal(res.status, 200, res.body);
      },
      { timeoutMs: 15_000 },
    );
    const status = (await request({ port: adminPort, path: '/status' })).json<{ ready: boolean; version: string | null }>();
    assert.equal(status.ready, true);
    assert.ok(status.version, 'a first snapshot is published');

    const t0 = Date.now();
    run.child.kill('SIGTERM');
    assert.equal(await run.exit(5_000), 0, run.stderr());
    assert.ok(Date.now() - t0 < 5_000);
    assert.match(run.stderr(), /"msg":"stopped"/, 'logs (JSON lines on stderr) end with stopped');
    await assert.rejects(request({ port: adminPort, path: '/healthz', timeoutMs: 1000 }), 'the status endpoint is closed');
  });

  test('a source directory missing at start is not ready, and /readyz and /status say which; it is ready once the directory exists', async (t) => {
    const dir = await tempDir(t);
    const adminPort = await freePort();
    const watched = join(dir, 'k8s');
    const config = join(dir, 'isobar.yaml');
    await writeFile(config, `plugins: [source-file, sink-xds]\nadmin: { address: 127.0.0.1, port: ${adminPort} }\nxds: { address: 127.0.0.1, port: 0 }\n`);
    const run = startCli(['serve', '-c', config, '-d', watched]);
    t.after(() => run.child.kill('SIGKILL'));
    await eventually(
      async () => {
        if (run.child.exitCode !== null) throw new Error(`serve exited early (${run.child.exitCode}): ${run.stderr()}`);
        const res = await request({ port: adminPort, path: '/readyz', timeoutMs: 1000 });
        assert.equal(res.status, 503, res.body);
        assert.ok(res.body.includes(`directory ${watched}`) && res.body.includes('does not exist'), res.body);
      },
      { timeoutMs: 15_000 },
    );
    const status = (await request({ port: adminPort, path: '/status' })).json<{ ready: boolean; notReady?: string }>();
    assert.equal(status.ready, false);
    assert.ok(status.notReady?.includes(watched), JSON.stringify(status));
    await mkdir(watched);
    await eventually(async () => assert.equal((await request({ port: adminPort, path: '/readyz', timeoutMs: 1000 })).status, 200), { timeoutMs: 15_000 });
    run.child.kill('SIGTERM');
    assert.equal(await run.exit(5_000), 0, run.stderr());
  });

  test('an unknown config key exits non-zero and names the key', async (t) => {
    const dir = await tempDir(t);
    const config = join(dir, 'isobar.yaml');
    await writeFile(config, 'admin: { address: 127.0.0.1, prot: 1234 }\n');
    const r = await runCli(['serve', '-c', config]);
    assert.notEqual(r.code, 0);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /admin\.prot/);
    assert.match(r.stderr, new RegExp(config.replaceAll('.', '\\.')));
  });

  test('serve --kubeconfig switches to the Kubernetes source; an unreadable kubeconfig is an error naming it', async (t) => {
    const dir = await tempDir(t);
    const missing = join(dir, 'no-such.kubeconfig');
    const r = await runCli(['serve', '--kubeconfig', missing, '--envoy-http-port', '18080']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /cannot load Kubernetes credentials from kubeconfig .*no-such\.kubeconfig \(sourceK8s\.kubeconfig\)/);
    const bad = await runCli(['serve', '--kubeconfig', missing, '--envoy-http-port', 'eighty']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /flag --envoy-http-port \(listeners\.http\.port\): must be a port number/);
  });

  test('a config value of the wrong type exits non-zero and names the key', async (t) => {
    const dir = await tempDir(t);
    const config = join(dir, 'isobar.yaml');
    await writeFile(config, 'engine: { debounceMs: soon }\n');
    const r = await runCli(['serve', '-c', config]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /engine\.debounceMs/);
  });
});

describe('isobar standalone: finding Envoy', () => {
  test('--envoy naming a missing binary is an error saying what to do, not a silent fallback', async (t) => {
    const dir = await tempDir(t);
    const r = await runCli(['standalone', '-d', dir, '--envoy', '/nonexistent/envoy'], cleanEnv({ PATH: dir }));
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /\/nonexistent\/envoy/);
    assert.match(r.stderr, /ENVOY_NOT_FOUND/);
    assert.match(r.stderr, /npm run setup|--envoy/);
    assert.doesNotMatch(r.stderr, /envoy started/);
  });

  test('--envoy naming a file that is not executable is an error too', async (t) => {
    const dir = await tempDir(t);
    const fake = join(dir, 'envoy');
    await writeFile(fake, '#!/bin/sh\nexit 0\n', { mode: 0o644 });
    const r = await runCli(['standalone', '-d', dir, '--envoy', fake]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`${fake.replaceAll('.', '\\.')}.*not executable`));
  });

  test('xds.tls set is refused: the supervised Envoy has no client certificate', async (t) => {
    const dir = await tempDir(t);
    const r = await runCli(['standalone', '-d', dir], { ...process.env, ISOBAR_XDS_TLS_CA: join(dir, 'ca.crt'), ISOBAR_XDS_TLS_CERT: join(dir, 'c.crt'), ISOBAR_XDS_TLS_KEY: join(dir, 'c.key') });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /xds\.tls/);
    assert.doesNotMatch(r.stderr, /envoy started/);
  });

  test('ENVOY_BIN naming a missing binary is an error as well', async (t) => {
    const dir = await tempDir(t);
    const r = await runCli(['standalone', '-d', dir], cleanEnv({ ENVOY_BIN: join(dir, 'no-envoy-here') }));
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /no-envoy-here/);
  });
});

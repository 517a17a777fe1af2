/**
 * sink-static in files mode with a real Envoy and no xDS server: isobar writes lds.json, cds.json and
 * bootstrap.json; Envoy starts from the bootstrap and follows every change to the Kubernetes YAML (a new
 * backend, a removed route, a new certificate) by reloading the files, without a restart.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { App } from '../../cli/app.js';
import { loadConfig } from '../../config/load-config.js';
import { createLogger } from '../../core/logging.js';
import { createTestPki } from './harness/certs.js';
import { startEchoBackend, type EchoReply } from './harness/echo-backend.js';
import { startEnvoy, type CleanupScope, type EnvoyProcess } from './harness/envoy-process.js';
import { eventually } from './harness/eventually.js';
import { request } from './harness/http-client.js';
import { serviceYaml, tlsSecretYaml } from './harness/k8s-yaml.js';
import { freePorts } from './harness/ports.js';
import { createTempDir } from './harness/temp-dir.js';

const ingress = (paths: Array<[path: string, service: string]>, tlsHost?: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: app, namespace: team }
spec:
${tlsHost ? `  tls: [{ hosts: [${tlsHost}], secretName: app-tls }]\n` : ''}  rules:
  - ${tlsHost ? `host: ${tlsHost}\n    ` : ''}http:
      paths:
${paths.map(([path, service]) => `      - { path: ${path}, pathType: Prefix, backend: { service: { name: ${service}, port: { number: 80 } } } }`).join('\n')}
`;

interface FilesStack {
  app: App;
  envoy: EnvoyProcess;
  outDir: string;
  httpPort: number;
  httpsPort: number;
  write(name: string, content: string): Promise<void>;
}

/** isobar (source-file → sink-static) writing into a temp dir, and an Envoy started from its bootstrap. */
async function startFilesStack(t: CleanupScope, files: Record<string, string>): Promise<FilesStack> {
  const dir = await createTempDir('isobar-files-');
  t.after(() => dir.remove());
  const yamlDir = join(dir.path, 'k8s');
  const outDir = join(dir.path, 'envoy');
  await mkdir(yamlDir);
  const write = (name: string, content: string) => writeFile(join(yamlDir, name), content);
  for (const [name, content] of Object.entries(files)) await write(name, content);
  const [httpPort, httpsPort] = (await freePorts(2)) as [number, number];
  const config = loadConfig(undefined, {
    plugins: ['source-file', 'sink-static'],
    'sourceFile.directory': yamlDir,
    'sinkStatic.directory': outDir,
    'sinkStatic.envoyAdminPort': 0,
    'listeners.http.address': '127.0.0.1',
    'listeners.http.port': httpPort,
    'listeners.https.address': '127.0.0.1',
    'listeners.https.port': httpsPort,
    'admin.port': 0,
    'log.format': 'json',
    'log.level': process.env.ISOBAR_TEST_LOG ?? 'silent',
  });
  const app = await App.create(config, createLogger(config.log));
  t.after(() => app.stop());
  await app.start();
  const bootstrap = join(outDir, 'bootstrap.json');
  await eventually(() => assert.ok(existsSync(bootstrap), 'bootstrap.json written after the first snapshot'));
  const envoy = await startEnvoy({ bootstrap }, t);
  return { app, envoy, outDir, httpPort, httpsPort, write };
}

/** Envoy took every version of both files whole: none was rejected, and LDS was updated at least `min` times. */
async function assertNoRejectedUpdates(envoy: EnvoyProcess, min: number): Promise<void> {
  const filter = encodeURIComponent('^(listener_manager\\.lds|cluster_manager\\.cds)\\.update_(rejected|success)$');
  const stats = (await envoy.admin(`/stats?filter=${filter}`)).body;
  assert.match(stats, /cluster_manager\.cds\.update_rejected: 0/, stats);
  assert.match(stats, /listener_manager\.lds\.update_rejected: 0/, stats);
  assert.ok(Number(/listener_manager\.lds\.update_success: (\d+)/.exec(stats)?.[1]) >= min, stats);
}

describe('sink-static files mode', () => {
  it('Envoy follows file-based LDS/CDS through route and backend changes, without a restart', async (t) => {
    const [blue, green, red] = await Promise.all(['blue', 'green', 'red'].map((name) => startEchoBackend(name)));
    t.after(() => Promise.all([blue!.close(), green!.close(), red!.close()]));
    const stack = await startFilesStack(t, {
      'services.yaml': [serviceYaml('team', 'blue', 80, blue!.port), serviceYaml('team', 'green', 80, green!.port), serviceYaml('team', 'red', 80, red!.port)].join('---\n'),
      'app.yaml': ingress([['/app', 'blue'], ['/other', 'green']]),
    });
    const { app, envoy, outDir } = stack;
    assert.deepEqual((await readdir(outDir)).sort(), ['bootstrap.json', 'cds.json', 'lds.json']);
    assert.equal(JSON.parse(await readFile(join(outDir, 'lds.json'), 'utf8')).versionInfo, app.engine.snapshot()?.version);
    const pid = envoy.pid;
    const backendOf = async (path: string) => {
      const r = await request({ port: stack.httpPort, path });
      return r.status === 200 ? r.json<EchoReply>().backend : `status ${r.status}`;
    };
    await eventually(async () => assert.equal(await backendOf('/app'), 'blue'));
    assert.equal(await backendOf('/other'), 'green');
    assert.equal(await backendOf('/nothing'), 'status 404');

    // To a backend Envoy has no cluster for yet: CDS and LDS both change.
    await stack.write('app.yaml', ingress([['/app', 'red'], ['/other', 'green']]));
    await eventually(async () => assert.equal(await backendOf('/app'), 'red'));
    assert.equal(await backendOf('/other'), 'green');

    // A route removed (and with it the only route to green): the route is gone, the rest stays.
    await stack.write('app.yaml', ingress([['/app', 'red']]));
    await eventually(async () => assert.equal(await backendOf('/other'), 'status 404'));
    assert.equal(await backendOf('/app'), 'red');
    const clusters = await envoy.clusters();
    assert.ok(!clusters.cluster_statuses?.some((c) => c.name.includes('green')), 'the unused cluster is gone too');

    await assertNoRejectedUpdates(envoy, 3);
    assert.ok(envoy.isRunning, envoy.describe());
    assert.equal(envoy.pid, pid, 'the same Envoy process throughout');
    assert.deepEqual((await readdir(outDir)).sort(), ['bootstrap.json', 'cds.json', 'lds.json'], 'no temp files left behind');
    const status = app.engine.sinkStatus()['sink-static'] as { writtenVersion?: string; lastError?: string };
    assert.equal(status.writtenVersion, app.engine.snapshot()?.version);
    assert.equal(status.lastError, undefined);
  });

  it('serves HTTPS with the certificate from the files, and picks up a new certificate', async (t) => {
    const web = await startEchoBackend('web');
    t.after(() => web.close());
    const first = createTestPki(['app.test']);
    const second = createTestPki(['app.test']);
    const stack = await startFilesStack(t, {
      'services.yaml': serviceYaml('team', 'web', 80, web.port),
      'tls.yaml': tlsSecretYaml('team', 'app-tls', first.server.certPem, first.server.keyPem),
      'app.yaml': ingress([['/', 'web']], 'app.test'),
    });
    assert.equal((await stat(join(stack.outDir, 'lds.json'))).mode & 0o777, 0o600, 'private keys inside: owner only');
    const get = (ca: string) => request({ port: stack.httpsPort, host: 'app.test', path: '/x', tls: { ca } });
    const served = await eventually(async () => {
      const r = await get(first.ca.certPem);
      assert.equal(r.status, 200);
      return r;
    });
    assert.equal(served.json<EchoReply>().backend, 'web');
    const pid = stack.envoy.pid;

    await stack.write('tls.yaml', tlsSecretYaml('team', 'app-tls', second.server.certPem, second.server.keyPem));
    await eventually(async () => assert.equal((await get(second.ca.certPem)).status, 200));
    await assert.rejects(get(first.ca.certPem), 'the old certificate is no longer served');
    await assertNoRejectedUpdates(stack.envoy, 2);
    assert.equal(stack.envoy.pid, pid, 'the same Envoy process');
  });
});

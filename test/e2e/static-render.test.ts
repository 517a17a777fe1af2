/**
 * `isobar render` as a user runs it (the compiled CLI in a child process): a directory of Kubernetes
 * YAML becomes one static Envoy config; Envoy validates it, starts from it with no control plane
 * running, and routes HTTP and HTTPS (certificate inlined) to real backends.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createTestPki } from './harness/certs.js';
import { startEchoBackend, type EchoReply } from './harness/echo-backend.js';
import { findEnvoyBinary } from './harness/envoy-binary.js';
import { startEnvoy } from './harness/envoy-process.js';
import { request } from './harness/http-client.js';
import { serviceYaml, tlsSecretYaml } from './harness/k8s-yaml.js';
import { freePorts } from './harness/ports.js';
import { createTempDir, type TempDir } from './harness/temp-dir.js';
import { runCommand, runIsobar } from './harness/run-command.js';

const run = runCommand;
const isobar = runIsobar;

const ingressYaml = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: site, namespace: web }
spec:
  tls: [{ hosts: [shop.test], secretName: shop-tls }]
  rules:
  - host: shop.test
    http:
      paths:
      - { path: /, pathType: Prefix, backend: { service: { name: shop, port: { number: 80 } } } }
      - { path: /blog, pathType: Prefix, backend: { service: { name: blog, port: { number: 80 } } } }
`;

/**
 * config.yaml and the YAML it points at, in `dir`. The config names sink-xds with a port that is taken:
 * were the render to load sinks, it would fail to listen.
 */
async function writeInputs(dir: TempDir, ports: { http: number; https: number; shop: number; blog: number }, pem: { certPem: string; keyPem: string }): Promise<string> {
  await mkdir(dir.file('k8s'));
  await dir.write('k8s/services.yaml', [serviceYaml('web', 'shop', 80, ports.shop), serviceYaml('web', 'blog', 80, ports.blog)].join('---\n'));
  await dir.write('k8s/tls.yaml', tlsSecretYaml('web', 'shop-tls', pem.certPem, pem.keyPem));
  await dir.write('k8s/ingress.yaml', ingressYaml);
  return dir.write(
    'config.yaml',
    `plugins: [source-file, sink-xds]
sourceFile: { directory: k8s }
xds: { address: 127.0.0.1, port: ${ports.shop} }
log: { level: warn, format: json }
listeners:
  http: { address: 127.0.0.1, port: ${ports.http} }
  https: { address: 127.0.0.1, port: ${ports.https} }
`,
  );
}

describe('isobar render', () => {
  it('writes a static config that Envoy validates and routes with, without a control plane', async (t) => {
    const shop = await startEchoBackend('shop');
    const blog = await startEchoBackend('blog');
    t.after(() => Promise.all([shop.close(), blog.close()]));
    const dir = await createTempDir('isobar-render-');
    t.after(() => dir.remove());
    const [http, https] = (await freePorts(2)) as [number, number];
    const { ca, server } = createTestPki(['shop.test']);
    const config = await writeInputs(dir, { http, https, shop: shop.port, blog: blog.port }, server);
    const out = dir.file('envoy.json');

    const rendered = await isobar(['render', '-c', config, '-o', out, '--admin-port', '0']);
    assert.equal(rendered.code, 0, rendered.stderr);
    assert.match(rendered.stderr, /isobar render: wrote .*envoy\.json \(snapshot [0-9a-f]+/);
    assert.equal((await stat(out)).mode & 0o777, 0o600, 'private keys inside: owner only');
    const text = await readFile(out, 'utf8');
    assert.doesNotMatch(text, /"ads"|"rds"|edsClusterConfig/);

    const again = await isobar(['render', '-c', config, '-o', '-', '--admin-port', '0', '--show-secrets']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, text, 'same input, same bytes');

    const validated = await run(findEnvoyBinary(), ['--mode', 'validate', '-c', out, '--log-level', 'warn']);
    assert.equal(validated.code, 0, validated.stdout + validated.stderr);
    assert.match(validated.stdout + validated.stderr, /OK/);

    const envoy = await startEnvoy({ bootstrap: out }, t);
    const backendOf = async (path: string, host = 'shop.test') => {
      const r = await request({ port: http, host, path });
      return r.status === 200 ? r.json<EchoReply>().backend : `status ${r.status}`;
    };
    assert.equal(await backendOf('/'), 'shop', envoy.describe());
    assert.equal(await backendOf('/blog/post'), 'blog');
    assert.equal(await backendOf('/', 'elsewhere.test'), 'status 404');
    const secure = await request({ port: https, host: 'shop.test', path: '/blog', tls: { ca: ca.certPem } });
    assert.equal(secure.status, 200);
    assert.equal(secure.json<EchoReply>().backend, 'blog');
    assert.match(secure.peerCertificate?.subjectaltname ?? '', /DNS:shop\.test/);
    const dump = await envoy.configDumpSection<{ dynamic_active_clusters?: unknown[] }>('ClustersConfigDump');
    assert.equal(dump?.dynamic_active_clusters, undefined, 'every cluster is static');
  });

  it('reports every object and unreadable file once, exits 1 when any was left out (0 with --allow-problems), and opens no port', async (t) => {
    const dir = await createTempDir('isobar-render-');
    t.after(() => dir.remove());
    await mkdir(dir.file('k8s'));
    await dir.write('k8s/good.yaml', [serviceYaml('web', 'shop', 80, 8080), serviceYaml('web', 'blog', 80, 8081), ingressYaml.replace(/  tls:.*\n/, '')].join('---\n'));
    await dir.write('k8s/refused.yaml', ingressYaml.replace('name: site', 'name: odd').replace(/  tls:.*\n/, '').replace('shop.test', 'odd.test').replaceAll('pathType: Prefix', 'pathType: Bogus'));
    await dir.write('k8s/broken.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: [oops\n');
    // The status endpoint's configured port is taken: a render that opened it would fail.
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as AddressInfo).port;
    const config = await dir.write('config.yaml', `plugins: [source-file]\nsourceFile: { directory: k8s }\nadmin: { address: 127.0.0.1, port: ${port} }\n`);
    const out = dir.file('envoy.json');

    const strict = await isobar(['render', '-c', config, '-o', out]);
    assert.equal(strict.code, 1, strict.stderr);
    const report = strict.stderr.split('\n').filter((l) => !l.startsWith('{'));
    assert.ok(report.includes('  ok        Ingress web/site'), strict.stderr);
    const refused = report.indexOf('  refused   Ingress web/odd');
    assert.notEqual(refused, -1, strict.stderr);
    // Two conditions: each on its own line under the object, with its field and file:line.
    for (const [i, path] of [[1, 0], [2, 1]] as const) {
      assert.match(report[refused + i]!, new RegExp(`^ {14}error: FieldNotSupported: .*Bogus.*refused\\.yaml:\\d+, spec\\.rules\\[0\\]\\.http\\.paths\\[${path}\\]\\.pathType\\)$`));
    }
    assert.ok(report.some((l) => /^  not read  .*broken\.yaml:\d+: YamlSyntax: /.test(l)), strict.stderr);
    assert.match(strict.stderr, /^2 object\(s\): 1 ok, 0 with warnings, 1 refused, 0 orphaned; 1 source problem\(s\)$/m);
    assert.match(strict.stderr, /2 object\(s\) or file\(s\) were left out of the config \(listed above\); exit 1/);
    for (const name of ['broken.yaml', 'web/odd']) {
      assert.equal(strict.stderr.split('\n').filter((l) => l.includes(name)).length, 1, `${name} is reported once, not also logged:\n${strict.stderr}`);
    }
    const written = JSON.parse(await readFile(out, 'utf8')) as object;
    assert.match(JSON.stringify(written), /shop\.test/, 'the config is written, with what was good');
    assert.doesNotMatch(JSON.stringify(written), /odd\.test/, 'and without what was refused');

    const allowed = await isobar(['render', '-c', config, '-o', out, '--allow-problems']);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.match(allowed.stderr, /left out of the config \(listed above\); exit 0 because of --allow-problems/);
  });

  const failures: Array<{ name: string; args: (dir: TempDir) => Promise<string[]>; code: number; message: RegExp }> = [
    { name: 'no -o', args: async () => ['render'], code: 2, message: /missing -o <file>/ },
    { name: 'a bad --admin-port', args: async () => ['render', '-o', 'x.json', '--admin-port', 'http'], code: 2, message: /--admin-port must be a whole number/ },
    {
      name: 'a config without a source plugin',
      args: async (dir) => ['render', '-c', await dir.write('c.yaml', 'plugins: [sink-xds]\n'), '-o', dir.file('out.json')],
      code: 1,
      message: /no source plugin in "plugins" \(sink-xds\)/,
    },
    {
      name: 'an unknown config key',
      args: async (dir) => ['render', '-c', await dir.write('c.yaml', 'bogus: 1\n'), '-o', dir.file('out.json')],
      code: 1,
      message: /bogus/,
    },
    {
      name: 'an output directory that does not exist',
      args: async (dir) => {
        await mkdir(dir.file('k8s'));
        return ['render', '-d', dir.file('k8s'), '--log-level', 'silent', '-o', dir.file('missing/out.json')];
      },
      code: 1,
      message: /ENOENT/,
    },
  ];
  for (const f of failures) {
    it(`exits ${f.code} with a clear message for ${f.name}`, async (t) => {
      const dir = await createTempDir('isobar-render-');
      t.after(() => dir.remove());
      const result = await isobar(await f.args(dir));
      assert.equal(result.code, f.code, result.stderr);
      assert.match(result.stderr, f.message);
      assert.equal(result.stdout, '');
    });
  }

  it('gives up with a message when the sources never finish', async (t) => {
    const dir = await createTempDir('isobar-render-');
    t.after(() => dir.remove());
    // A source that never syncs is hard to arrange with the file source; a timeout below the time it takes
    // to start is the same path.
    await writeFile(dir.file('ingress.yaml'), ingressYaml);
    const result = await isobar(['render', '-d', dir.path, '--log-level', 'silent', '-o', dir.file('out.json'), '--timeout', '1']);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /no configuration was built within 1 ms/);
  });
});

/**
 * Private keys never leave isobar unasked. The compiled CLI runs as a user runs it: `serve` (logging
 * at trace) over files holding TLS Secrets (one good, one whose key does not match its certificate, so
 * errors about a Secret are produced too), then every output is collected: the log, each admin
 * endpoint, `isobar xds <type>` in text and JSON, `render -o -`, and a failing command's error. Each is
 * searched for the keys in every form they take (PEM lines, the base64 of a Secret's data, and the
 * DER's base64 inside them). With --show-secrets the same search finds them: the search is not blind.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestPki } from './harness/certs.js';
import { eventually } from './harness/eventually.js';
import { request } from './harness/http-client.js';
import { tlsSecretYaml } from './harness/k8s-yaml.js';
import { ManagedProcess } from './harness/managed-process.js';
import { freePorts } from './harness/ports.js';
import { createTempDir } from './harness/temp-dir.js';

const MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const run = promisify(execFile);

/** Every form a key can take in an output: its PEM body lines, and slices of its Secret-data base64. */
function keyForms(keyPem: string): string[] {
  const body = keyPem.split('\n').filter((l) => l.length >= 40 && !l.startsWith('-----'));
  const secretB64 = Buffer.from(keyPem).toString('base64');
  const slices = [0.25, 0.5, 0.75].map((f) => secretB64.slice(Math.floor(secretB64.length * f), Math.floor(secretB64.length * f) + 40));
  return [...body, ...slices];
}

function leaks(text: string, forms: string[]): string[] {
  const found = forms.filter((f) => text.includes(f));
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) found.push('a PEM private key header');
  return found;
}

async function cli(args: string[]): Promise<{ out: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [MAIN, ...args], { maxBuffer: 64 * 2 ** 20, timeout: 60_000 });
    return { out: stdout + stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number };
    return { out: `${e.stdout ?? ''}${e.stderr ?? ''}`, code: e.code ?? -1 };
  }
}

function ingress(name: string, host: string, secret: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: ${name}, namespace: web }
spec:
  tls: [{ hosts: [${host}], secretName: ${secret} }]
  rules:
  - host: ${host}
    http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: app, port: { number: 80 } } } }] }
`;
}

const service = `apiVersion: v1
kind: Service
metadata: { name: app, namespace: web }
spec: { ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Endpoints
metadata: { name: app, namespace: web }
subsets: [{ addresses: [{ ip: 127.0.0.1 }], ports: [{ port: 9 }] }]
`;

describe('no output of isobar shows a private key unless asked', () => {
  it('serve’s log, admin endpoints, xds, render and errors are clean; --show-secrets reveals them', async (t) => {
    const good = createTestPki(['good.test']);
    const other = createTestPki(['bad.test']);
    const stray = createTestPki(['bad.test']);
    const dir = await createTempDir('isobar-secrets-');
    t.after(() => dir.remove());
    await dir.write('app.yaml', service);
    await dir.write('good.yaml', `${tlsSecretYaml('web', 'good', good.server.certPem, good.server.keyPem)}---\n${ingress('good', 'good.test', 'good')}`);
    // tls.key is another certificate's key: the Secret is refused, and the refusal must not quote it.
    await dir.write('bad.yaml', `${tlsSecretYaml('web', 'bad', other.server.certPem, stray.server.keyPem)}---\n${ingress('bad', 'bad.test', 'bad')}`);
    const [adminPort, xdsPort, httpPort, httpsPort] = (await freePorts(4)) as [number, number, number, number];
    const config = await dir.write(
      'isobar.yaml',
      `plugins: [source-file, sink-xds]
sourceFile: { directory: ${dir.path} }
listeners: { http: { address: 127.0.0.1, port: ${httpPort} }, https: { address: 127.0.0.1, port: ${httpsPort} } }
admin: { address: 127.0.0.1, port: ${adminPort} }
xds: { address: 127.0.0.1, port: ${xdsPort} }
log: { level: trace, format: json }
`,
    );
    const forms = [...keyForms(good.server.keyPem), ...keyForms(stray.server.keyPem)];

    const serve = ManagedProcess.spawn('isobar serve', process.execPath, [MAIN, 'serve', '-c', config]);
    t.after(() => serve.stop());
    await eventually(async () => assert.equal((await request({ port: adminPort, path: '/readyz' })).status, 200, serve.describe()), { timeoutMs: 20_000, intervalMs: 100 });

    const outputs: Record<string, string> = {};
    for (const path of ['/status', '/debug/dag', '/metrics', '/readyz', '/healthz']) outputs[`GET ${path}`] = (await request({ port: adminPort, path })).body;
    const server = `127.0.0.1:${xdsPort}`;
    for (const type of ['lds', 'rds', 'cds', 'eds', 'sds']) {
      for (const json of [[], ['--json']]) {
        const r = await cli(['xds', type, '--server', server, ...json]);
        assert.equal(r.code, 0, `xds ${type} ${json.join(' ')}: ${r.out}`);
        outputs[`xds ${type} ${json.join(' ')}`] = r.out;
      }
    }
    const sds = outputs['xds sds ']!;
    assert.match(sds, /web\/good/, 'the good Secret is served over SDS (what is redacted is really there)');
    assert.match(sds, /redacted/, 'and its key reads as redacted');

    const render = await cli(['render', '-c', config, '-o', '-']);
    outputs['render -o -'] = render.out;
    assert.match(render.out, /good\.test/, `render printed a config: ${render.out.slice(0, 500)}`);
    // A failing command: the config names a Secret file that is not a config; its error must be clean too.
    const broken = await cli(['render', '-c', dir.file('good.yaml'), '-o', '-']);
    assert.notEqual(broken.code, 0, 'a Secret is not a config file');
    outputs['render with a Secret as config (error)'] = broken.out;

    // Asked for in clear (kept out of the outputs searched above): the same search finds the key.
    const shown = await cli(['xds', 'sds', '--server', server, '--show-secrets']);
    assert.equal(shown.code, 0, shown.out);
    assert.notDeepEqual(leaks(shown.out, keyForms(good.server.keyPem)), [], 'xds sds --show-secrets prints the key, and the search sees it');

    await serve.stop();
    outputs['serve log (trace)'] = serve.logs;
    assert.match(serve.logs, /web\/bad|bad\.test/, 'the log speaks about the refused Secret');

    const leaked = Object.entries(outputs).flatMap(([name, text]) => leaks(text, forms).map((f) => `${name}: ${f.slice(0, 20)}…`));
    assert.deepEqual(leaked, [], 'outputs showing key material');

    const rendered = await cli(['render', '-c', config, '-o', '-', '--show-secrets']);
    assert.notDeepEqual(leaks(rendered.out, keyForms(good.server.keyPem)), [], 'render --show-secrets prints the key, and the search sees it');
  });
});

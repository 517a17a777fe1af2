/**
 * `isobar xds` as a user runs it: the compiled CLI in a child process, against a real isobar (file
 * source → xDS sink) running in this process.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestPki } from '../../test/e2e/harness/certs.js';
import { createTempDir } from '../../test/e2e/harness/temp-dir.js';
import { createCertificateAuthority } from '../../core/pki/certificate-authority.js';
import { freePorts } from '../../test/e2e/harness/ports.js';
import { appYaml, startLocalIsobar, type LocalIsobar } from '../../test/support/cli/local-isobar.js';
import type { PrintedUpdate } from '../xds/xds-output.js';
import { createXdsCommand } from './xds-command.js';

const MAIN = fileURLToPath(new URL('../main.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, 'xds', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const lines = (r: Run): PrintedUpdate[] => r.stdout.trim().split('\n').map((l) => JSON.parse(l) as PrintedUpdate);
const names = (u: PrintedUpdate): string[] => u.resources.map((r) => String(r['name'] ?? r['clusterName']));

function socketAddresses(u: PrintedUpdate): string[] {
  return JSON.stringify(u.resources).match(/"socketAddress":\{[^}]*\}/g) ?? [];
}

describe('isobar xds', () => {
  let isobar: LocalIsobar;
  let server: string;
  before(async () => {
    isobar = await startLocalIsobar({
      'a.yaml': appYaml('shop', 'web', 'web.example.com', '10.0.0.1', 8080),
      'b.yaml': appYaml('shop', 'api', 'api.example.com', '10.0.0.2', 9090),
    });
    await isobar.published();
    server = `127.0.0.1:${isobar.xdsPort}`;
  });
  after(() => isobar.stop());

  it('prints every listener (LDS wildcard) as Envoy JSON with version and nonce', async () => {
    const r = await runCli(['lds', '--server', server, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const [u, ...rest] = lines(r);
    assert.equal(rest.length, 0, 'exits after the first response');
    assert.equal(u!.type, 'lds');
    assert.match(u!.version, /\S/);
    assert.match(u!.nonce, /\S/);
    assert.deepEqual(names(u!), ['ingress_http']);
    assert.equal(u!.resources[0]!['@type'], 'type.googleapis.com/envoy.config.listener.v3.Listener');
    assert.match(JSON.stringify(u!.resources), /"@type":"type.googleapis.com\/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager"/);
  });

  it('--fleet presents a fleet, and is served that fleet\'s view (none of this isobar\'s listeners name it)', async () => {
    const r = await runCli(['lds', '--server', server, '--json', '--fleet', 'gateway/shop/edge']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(lines(r).map(names), [[]]);
  });

  it('prints clusters as text, and only the named ones with --names', async () => {
    const all = await runCli(['cds', '--server', server]);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /^# CDS version=\S+ nonce=\S+ resources=2\n\{\n {2}"@type": "type.googleapis.com\/envoy.config.cluster.v3.Cluster"/);
    const clusterNames = [...all.stdout.matchAll(/^ {2}"name": "([^"]+)"/gm)].map((m) => m[1]!);
    assert.equal(clusterNames.length, 2);
    assert.ok(clusterNames[0]!.startsWith('shop/api/http/') && clusterNames[1]!.startsWith('shop/web/http/'), clusterNames.join());

    const one = await runCli(['cds', '--server', server, '--names', clusterNames[1]!, '--json']);
    assert.equal(one.code, 0, one.stderr);
    assert.deepEqual(names(lines(one)[0]!), [clusterNames[1]]);
  });

  it('finds EDS names from CDS when --names is not given', async () => {
    const r = await runCli(['eds', '--server', server, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const u = lines(r)[0]!;
    assert.deepEqual(names(u), ['shop/api/http', 'shop/web/http']);
    assert.deepEqual(socketAddresses(u), ['"socketAddress":{"address":"10.0.0.2","portValue":9090}', '"socketAddress":{"address":"10.0.0.1","portValue":8080}']);
  });

  it('finds RDS names from LDS and prints the virtual hosts', async () => {
    const r = await runCli(['rds', '--server', server, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const u = lines(r)[0]!;
    assert.deepEqual(names(u), ['ingress_http']);
    const domains = JSON.stringify(u.resources).match(/"domains":\[[^\]]*\]/g);
    assert.deepEqual(domains, ['"domains":["api.example.com"]', '"domains":["web.example.com"]']);
  });

  it('says so when nothing refers to SDS secrets', async () => {
    const r = await runCli(['sds', '--server', server]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /no SDS names are referred to by LDS and CDS/);
  });

  it('--watch prints a new response when an Endpoints object changes, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [MAIN, 'xds', 'eds', '--server', server, '--names', 'shop/web/http', '--watch', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = JSON.parse((await out.next()).value as string) as PrintedUpdate;
    assert.deepEqual(socketAddresses(first), ['"socketAddress":{"address":"10.0.0.1","portValue":8080}']);
    const before = isobar.app.engine.snapshot()!.version;
    await isobar.dir.write('a.yaml', appYaml('shop', 'web', 'web.example.com', '10.0.0.9', 8080));
    await isobar.published(before);
    const second = JSON.parse((await out.next()).value as string) as PrintedUpdate;
    assert.notEqual(second.version, first.version);
    assert.notEqual(second.nonce, first.nonce);
    assert.deepEqual(socketAddresses(second), ['"socketAddress":{"address":"10.0.0.9","portValue":8080}']);
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(code, 0);
    const changed = isobar.app.engine.snapshot()!.version;
    await isobar.dir.write('a.yaml', appYaml('shop', 'web', 'web.example.com', '10.0.0.1', 8080));
    await isobar.published(changed);
  });

  it('--watch without --names follows CDS and asks for the EDS of a new cluster', async () => {
    const child = spawn(process.execPath, [MAIN, 'xds', 'eds', '--server', server, '--watch', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = JSON.parse((await out.next()).value as string) as PrintedUpdate;
    assert.deepEqual(names(first), ['shop/api/http', 'shop/web/http']);
    await isobar.dir.write('c.yaml', appYaml('shop', 'new', 'new.example.com', '10.0.0.3', 7070));
    let next: PrintedUpdate;
    do next = JSON.parse((await out.next()).value as string) as PrintedUpdate;
    while (!names(next).includes('shop/new/http'));
    assert.match(JSON.stringify(next.resources), /"address":"10.0.0.3","portValue":7070/);
    child.kill('SIGTERM');
    assert.equal(await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c))), 0);
    const before = isobar.app.engine.snapshot()!.version;
    await rm(isobar.dir.file('c.yaml'));
    await isobar.published(before);
  });

  it('--delta fetches listeners over DeltaAggregatedResources', async () => {
    const r = await runCli(['lds', '--server', server, '--delta', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const u = lines(r)[0]!;
    assert.deepEqual(names(u), ['ingress_http']);
    assert.match(u.nonce, /\S/);
  });

  it('--delta finds EDS names from CDS', async () => {
    const r = await runCli(['eds', '--server', server, '--delta', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(names(lines(r)[0]!).sort(), ['shop/api/http', 'shop/web/http']);
  });

  it('exits 1 with a message when the server cannot be reached', async () => {
    const [port] = await freePorts(1);
    const r = await runCli(['cds', '--server', `127.0.0.1:${port}`, '--timeout', '3000']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`isobar xds: 127.0.0.1:${port}: (stream ended: UNAVAILABLE|no response within 3000 ms)`));
    assert.equal(r.stdout, '');
  });

  it('prints help', async () => {
    let out = '';
    const command = createXdsCommand({ out: (t) => (out += t), err: () => {} });
    assert.equal(await command.run(['--help']), 0);
    assert.match(out, /^Usage: isobar xds <lds\|rds\|cds\|eds\|sds>/);
    assert.match(out, /--delta/);
    assert.match(out, /--fleet <id>/);
  });

  const usageErrors: Array<[string[], RegExp]> = [
    [[], /missing the type/],
    [['xds'], /unknown type "xds"/],
    [['lds', 'cds'], /expected one type, got 2/],
    [['lds', '--server', 'localhost'], /--server must be host:port/],
    [['lds', '--timeout', 'soon'], /--timeout must be a number/],
    [['eds', '--names', ' , '], /--names is empty/],
    [['lds', '--bogus'], /Unknown option '--bogus'/],
    [['lds', '--fleet', ''], /--fleet is empty/],
  ];
  for (const [args, message] of usageErrors) {
    it(`exits 2 for ${JSON.stringify(args)}`, async () => {
      let err = '';
      let out = '';
      const command = createXdsCommand({ out: (t) => (out += t), err: (t) => (err += t) });
      assert.equal(await command.run(args), 2);
      assert.match(err, message);
      assert.equal(out, '');
    });
  }
});

describe('isobar xds sds', () => {
  it('finds the listeners\' SDS secrets when --names is not given', async (t) => {
    const { server: cert } = createTestPki(['secure.example.com']);
    const b64 = (pem: string) => Buffer.from(pem).toString('base64');
    const isobar = await startLocalIsobar({
      'app.yaml': appYaml('shop', 'web', 'web.example.com', '10.0.0.1', 8080),
      'tls.yaml': `apiVersion: v1
kind: Secret
type: kubernetes.io/tls
metadata: { name: cert, namespace: shop }
data: { tls.crt: ${b64(cert.certPem)}, tls.key: ${b64(cert.keyPem)} }
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: secure, namespace: shop }
spec:
  tls: [{ hosts: [secure.example.com], secretName: cert }]
  rules:
  - host: secure.example.com
    http:
      paths:
      - { path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }
`,
    });
    t.after(() => isobar.stop());
    await isobar.published();
    const r = await runCli(['sds', '--server', `127.0.0.1:${isobar.xdsPort}`, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const u = lines(r)[0]!;
    assert.equal(u.resources.length, 1);
    assert.equal(u.resources[0]!['@type'], 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret');
    assert.match(String(u.resources[0]!['name']), /cert/);
    const chain = (u.resources[0]!['tlsCertificate'] as { certificateChain: { inlineString: string } }).certificateChain.inlineString;
    assert.equal(chain.trim(), cert.certPem.trim());
  });
});

describe('isobar xds over mutual TLS', () => {
  it('fetches from an isobar with xds.tls given --ca/--cert/--key, and is refused without them', async (t) => {
    const ca = createCertificateAuthority();
    const server = ca.issueServerCertificate(['isobar', '127.0.0.1']);
    const client = ca.issueClientCertificate('envoy');
    const dir = await createTempDir('isobar-xds-tls-');
    t.after(() => dir.remove());
    const files = {
      ca: await dir.write('ca.crt', ca.certPem),
      serverCert: await dir.write('isobar.crt', server.certPem),
      serverKey: await dir.write('isobar.key', server.keyPem),
      cert: await dir.write('envoy.crt', client.certPem),
      key: await dir.write('envoy.key', client.keyPem),
    };
    const isobar = await startLocalIsobar({ 'a.yaml': appYaml('shop', 'web', 'web.example.com', '10.0.0.1', 8080) }, {
      'xds.tls.caFile': files.ca,
      'xds.tls.certFile': files.serverCert,
      'xds.tls.keyFile': files.serverKey,
    });
    t.after(() => isobar.stop());
    await isobar.published();
    const target = `127.0.0.1:${isobar.xdsPort}`;
    const ok = await runCli(['cds', '--server', target, '--json', '--ca', files.ca, '--cert', files.cert, '--key', files.key]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(names(lines(ok)[0]!).some((n) => n.startsWith('shop/web/')));
    const plain = await runCli(['cds', '--server', target, '--timeout', '3000']);
    assert.equal(plain.code, 1, 'plaintext is refused');
    const half = await runCli(['cds', '--server', target, '--ca', files.ca]);
    assert.equal(half.code, 2);
    assert.match(half.stderr, /--cert, --key/);
  });
});

import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { createCertgenCommand } from './certgen-command.js';
import { captured, itExitsWithUsageError, tempDir } from '../../test/support/cli/command-test-kit.js';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const FILES = ['ca.crt', 'envoy.crt', 'envoy.key', 'isobar.crt', 'isobar.key'];

/** The three PEMs form a chain: `cert` is signed by `ca` and `key` is its key. */
function assertPair(caPem: string, certPem: string, keyPem: string): X509Certificate {
  const ca = new X509Certificate(caPem);
  const cert = new X509Certificate(certPem);
  assert.equal(ca.ca, true);
  assert.ok(cert.verify(ca.publicKey), `${cert.subject} is not signed by ${ca.subject}`);
  assert.ok(cert.checkPrivateKey(createPrivateKey(keyPem)), `the key does not belong to ${cert.subject}`);
  return cert;
}

describe('isobar certgen', () => {
  it('writes the CA and both certificates, keys private', async (t) => {
    const dir = join(tempDir(t), 'certs'); // created by certgen
    const { io, command } = captured(createCertgenCommand);
    assert.equal(await command.run(['--out-dir', dir, '--namespace', 'edge', '--dns', 'xds.example.com,xds2.example.com', '--ip', '10.0.0.7', '--valid-days', '30']), 0, io.stderr);
    assert.deepEqual(readdirSync(dir).sort(), FILES, 'no temp files left behind');
    const mode = (f: string) => statSync(join(dir, f)).mode & 0o777;
    for (const f of ['envoy.key', 'isobar.key']) assert.equal(mode(f), 0o600, f);
    for (const f of ['ca.crt', 'envoy.crt', 'isobar.crt']) assert.equal(mode(f) & 0o600, 0o600, f);
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');

    const server = assertPair(read('ca.crt'), read('isobar.crt'), read('isobar.key'));
    for (const host of ['isobar', 'isobar.edge', 'isobar.edge.svc', 'isobar.edge.svc.cluster.local', 'localhost', 'xds.example.com', 'xds2.example.com']) {
      assert.equal(server.checkHost(host), host);
    }
    assert.equal(server.checkHost('isobar.isobar-system.svc'), undefined, 'the --namespace replaces the default');
    assert.equal(server.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(server.checkIP('10.0.0.7'), '10.0.0.7');
    assert.ok(server.keyUsage.includes(SERVER_AUTH));
    const days = (Date.parse(server.validTo) - Date.now()) / 86_400_000;
    assert.ok(days > 29.9 && days <= 30, `valid ${days} days`);

    const client = assertPair(read('ca.crt'), read('envoy.crt'), read('envoy.key'));
    assert.match(client.subject, /CN=envoy/);
    assert.deepEqual(client.keyUsage, [CLIENT_AUTH]);
    assert.match(io.stderr, /wrote ca\.crt, isobar\.crt, isobar\.key, envoy\.crt, envoy\.key/);
    assert.equal(io.stdout, '');
  });

  it('refuses to overwrite existing files, and replaces them with --overwrite', async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'isobar.key'), 'precious');
    const first = captured(createCertgenCommand);
    assert.equal(await first.command.run(['--out-dir', dir]), 1);
    assert.match(first.io.stderr, /refusing to overwrite .*isobar\.key.*--overwrite/);
    assert.deepEqual(readdirSync(dir), ['isobar.key'], 'nothing written when one file exists');
    assert.equal(readFileSync(join(dir, 'isobar.key'), 'utf8'), 'precious');

    const second = captured(createCertgenCommand);
    assert.equal(await second.command.run(['--out-dir', dir, '--overwrite']), 0, second.io.stderr);
    assert.deepEqual(readdirSync(dir).sort(), FILES);
    assertPair(readFileSync(join(dir, 'ca.crt'), 'utf8'), readFileSync(join(dir, 'isobar.crt'), 'utf8'), readFileSync(join(dir, 'isobar.key'), 'utf8'));
    assert.equal(statSync(join(dir, 'isobar.key')).mode & 0o777, 0o600);
  });

  it('prints Kubernetes TLS Secrets for kubectl apply', async () => {
    const { io, command } = captured(createCertgenCommand);
    assert.equal(await command.run(['--kube-secrets', '--namespace', 'tenant-a']), 0, io.stderr);
    const docs = parseAllDocuments(io.stdout);
    assert.equal(docs.length, 2);
    for (const d of docs) assert.deepEqual(d.errors, []);
    const secrets = docs.map((d) => d.toJS() as { apiVersion: string; kind: string; type: string; metadata: { name: string; namespace: string }; data: Record<string, string> });
    assert.deepEqual(
      secrets.map((s) => [s.apiVersion, s.kind, s.type, s.metadata.name, s.metadata.namespace, Object.keys(s.data).sort().join(',')]),
      [
        ['v1', 'Secret', 'kubernetes.io/tls', 'isobar-xds-server', 'tenant-a', 'ca.crt,tls.crt,tls.key'],
        ['v1', 'Secret', 'kubernetes.io/tls', 'isobar-xds-client', 'tenant-a', 'ca.crt,tls.crt,tls.key'],
      ],
    );
    const pem = (s: (typeof secrets)[number], key: string) => Buffer.from(s.data[key]!, 'base64').toString('utf8');
    const [server, client] = secrets as [(typeof secrets)[number], (typeof secrets)[number]];
    assert.equal(pem(server, 'ca.crt'), pem(client, 'ca.crt'), 'one CA for both');
    const serverCert = assertPair(pem(server, 'ca.crt'), pem(server, 'tls.crt'), pem(server, 'tls.key'));
    assert.equal(serverCert.checkHost('isobar.tenant-a.svc.cluster.local'), 'isobar.tenant-a.svc.cluster.local');
    const clientCert = assertPair(pem(client, 'ca.crt'), pem(client, 'tls.crt'), pem(client, 'tls.key'));
    assert.deepEqual(clientCert.keyUsage, [CLIENT_AUTH]);
  });

  it('names the certificate after --service', async () => {
    const { io, command } = captured(createCertgenCommand);
    assert.equal(await command.run(['--kube-secrets', '--service', 'xds', '--namespace', 'n']), 0, io.stderr);
    const server = parseAllDocuments(io.stdout)[0]!.toJS() as { data: Record<string, string> };
    const cert = new X509Certificate(Buffer.from(server.data['tls.crt']!, 'base64'));
    assert.equal(cert.checkHost('xds.n.svc'), 'xds.n.svc');
    assert.equal(cert.checkHost('isobar'), 'isobar', '"isobar" stays: the name isobar bootstrap expects when it dials an IP');
    assert.match(cert.subject, /CN=xds/);
  });

  it('makes a new CA every run', async () => {
    const runs = await Promise.all([0, 1].map(async () => {
      const { io, command } = captured(createCertgenCommand);
      assert.equal(await command.run(['--kube-secrets']), 0);
      return (parseAllDocuments(io.stdout)[0]!.toJS() as { data: Record<string, string> }).data['ca.crt'];
    }));
    assert.notEqual(runs[0], runs[1]);
  });

  it('prints help', async () => {
    const { io, command } = captured(createCertgenCommand);
    assert.equal(await command.run(['--help']), 0);
    assert.match(io.stdout, /^Usage: isobar certgen/);
    assert.match(io.stdout, /--kube-secrets/);
  });

  const usageErrors: Array<[string[], RegExp]> = [
    [[], /give --out-dir <dir>, --kube-secrets, or both/],
    [['--kube-secrets', 'extra'], /unexpected argument: extra/],
    [['--kube-secrets', '--valid-days', '0'], /--valid-days must be a number of days from 1 to 36500, got "0"/],
    [['--kube-secrets', '--valid-days', 'year'], /--valid-days must be/],
    [['--kube-secrets', '--namespace', 'Bad_NS'], /--namespace "Bad_NS" is not a valid Kubernetes name/],
    [['--kube-secrets', '--ip', 'example.com'], /--ip "example.com" is not an IPv4 or IPv6 address/],
    [['--kube-secrets', '--dns', 'not a name'], /"not a name" is neither a DNS name nor an IP address/],
    [['--out-dir', ''], /--out-dir is empty/],
    [['--bogus'], /Unknown option '--bogus'/],
  ];
  itExitsWithUsageError(createCertgenCommand, usageErrors);
});

import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createCertificateAuthority, IsobarError, TypeUrl, type IsobarConfig } from '../../core/index.js';
import { probeAds } from '../../test/e2e/harness/xds-probe.js';
import { snapshotOf } from '../../test/support/sink-xds/test-snapshots.js';
import { capturingLogger, type LogLine } from '../../test/support/sink-xds/xds-test-harness.js';
import { loadXdsTls, type XdsTlsConfig } from './xds-tls.js';
import { XdsSink } from './xds-sink.js';

const ca = createCertificateAuthority({ validDays: 2 });
const server = ca.issueServerCertificate(['isobar', '127.0.0.1']);
const client = ca.issueClientCertificate('envoy');
const dir = mkdtempSync(join(tmpdir(), 'isobar-xds-tls-'));
const file = (name: string, content: string) => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};
const tls: XdsTlsConfig = { caFile: file('ca.crt', ca.certPem), certFile: file('tls.crt', server.certPem), keyFile: file('tls.key', server.keyPem) };
after(() => rmSync(dir, { recursive: true, force: true }));

function configError(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e: unknown) => e instanceof IsobarError && e.code === 'CONFIG_INVALID' && message.test(e.message));
}

describe('loadXdsTls', () => {
  it('is plaintext without files', () => {
    assert.equal(loadXdsTls({ caFile: '', certFile: '', keyFile: '' }), undefined);
    assert.equal(loadXdsTls(undefined), undefined);
  });

  it('reads and checks the three files', () => {
    const files = loadXdsTls(tls)!;
    assert.equal(files.ca.toString(), ca.certPem);
    assert.equal(files.key.toString(), server.keyPem);
    assert.equal(files.certificate.checkHost('isobar'), 'isobar');
  });

  const invalid: Array<[string, Partial<XdsTlsConfig>, RegExp]> = [
    ['a missing CA', { caFile: '' }, /^xds\.tls\.caFile is empty but xds\.tls\.certFile and xds\.tls\.keyFile are set: give all three/],
    ['only a CA', { certFile: '', keyFile: '' }, /^xds\.tls\.certFile and xds\.tls\.keyFile are empty but xds\.tls\.caFile is set/],
    ['a CA file that is not there', { caFile: join(dir, 'nope.crt') }, /^xds\.tls\.caFile: cannot read .*nope\.crt: ENOENT/],
    ['a key file that is a directory', { keyFile: dir }, /^xds\.tls\.keyFile: cannot read .*isobar-xds-tls-\w+: EISDIR/],
    ['a certificate that is not PEM', { certFile: file('junk.crt', 'hello') }, /^xds\.tls\.certFile: .*junk\.crt is not a PEM certificate/],
    ['a CA file holding a key', { caFile: tls.keyFile }, /^xds\.tls\.caFile: .*tls\.key is not a PEM certificate/],
    ['a key that is not PEM', { keyFile: tls.certFile }, /^xds\.tls\.keyFile: .*tls\.crt is not a PEM private key/],
    ['the key of another certificate', { keyFile: file('client.key', client.keyPem) }, /^xds\.tls\.keyFile .*client\.key is not the private key of xds\.tls\.certFile .*tls\.crt/],
  ];
  for (const [name, change, message] of invalid) {
    it(`refuses ${name}, naming the key and file`, () => configError(() => loadXdsTls({ ...tls, ...change }), message));
  }
});

describe('XdsSink over mutual TLS', () => {
  const logs: LogLine[] = [];
  const config = (t: XdsTlsConfig) => ({ xds: { address: '127.0.0.1', port: 0, tls: t }, shutdown: { timeoutMs: 2000 } }) as IsobarConfig;
  const sink = new XdsSink(config(tls), capturingLogger(logs));
  let port = 0;
  before(async () => {
    await sink.start();
    sink.publish(snapshotOf({ cds: ['a', 'b'] }));
    port = sink.port!;
  });
  after(() => sink.stop());

  const ssl = (pair?: { certPem: string; keyPem: string }, caPem = ca.certPem) =>
    grpc.credentials.createSsl(Buffer.from(caPem), pair ? Buffer.from(pair.keyPem) : null, pair ? Buffer.from(pair.certPem) : null);

  it('serves a client with a certificate from the CA', async () => {
    assert.deepEqual(await probeAds(port, ssl(client)), { answered: true, typeUrl: TypeUrl.Cluster, resources: 2 });
    assert.ok(logs.some((l) => l.msg.includes('mutual TLS') && String(l['subjectAltName']).includes('DNS:isobar')));
  });

  const refused: Array<[string, () => grpc.ChannelCredentials]> = [
    ['a plaintext client', () => grpc.credentials.createInsecure()],
    ['a TLS client without a certificate', () => ssl()],
    ['a client certificate from another CA', () => ssl(createCertificateAuthority().issueClientCertificate('envoy'))],
    ['a certificate of the CA not meant for clients (serverAuth only)', () => ssl(ca.issueServerCertificate(['envoy']))],
  ];
  for (const [name, credentials] of refused) {
    it(`refuses ${name}`, async () => {
      const result = await probeAds(port, credentials());
      assert.equal(result.answered, false, JSON.stringify(result));
      assert.equal((result as { code: number }).code, grpc.status.UNAVAILABLE, JSON.stringify(result));
    });
  }

  it('does not start with an unreadable file, naming the key and the file', async () => {
    const broken = new XdsSink(config({ ...tls, certFile: join(dir, 'missing.crt') }), capturingLogger([]));
    await assert.rejects(broken.start(), (e: unknown) => e instanceof IsobarError && /^xds\.tls\.certFile: cannot read .*missing\.crt/.test(e.message));
    assert.equal(broken.port, undefined);
  });
});

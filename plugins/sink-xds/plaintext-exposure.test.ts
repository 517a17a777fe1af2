import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createCertificateAuthority, type IsobarConfig } from '../../core/index.js';
import { capturingLogger, type LogLine } from '../../test/support/sink-xds/xds-test-harness.js';
import { isLoopbackAddress } from './plaintext-exposure.js';
import { XdsSink } from './xds-sink.js';

describe('isLoopbackAddress', () => {
  for (const a of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost']) it(`${a} is loopback`, () => assert.equal(isLoopbackAddress(a), true));
  for (const a of ['0.0.0.0', '::', '10.244.1.7', 'fd00::1', '::ffff:10.0.0.1', 'isobar.example.com']) it(`${a} is not`, () => assert.equal(isLoopbackAddress(a), false));
});

describe('XdsSink warns about plaintext xDS reachable from the network', () => {
  const dir = mkdtempSync(join(tmpdir(), 'isobar-exposure-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const ca = createCertificateAuthority({ validDays: 2 });
  const server = ca.issueServerCertificate(['isobar']);
  const file = (name: string, content: string) => (writeFileSync(join(dir, name), content), join(dir, name));
  const tls = { caFile: file('ca.crt', ca.certPem), certFile: file('tls.crt', server.certPem), keyFile: file('tls.key', server.keyPem) };
  const noTls = { caFile: '', certFile: '', keyFile: '' };

  async function warningsOf(address: string, t: typeof tls): Promise<LogLine[]> {
    const logs: LogLine[] = [];
    const sink = new XdsSink({ xds: { address, port: 0, tls: t }, shutdown: { timeoutMs: 1000 } } as IsobarConfig, capturingLogger(logs));
    await sink.start();
    await sink.stop();
    return logs.filter((l) => l.level === 40);
  }

  it('0.0.0.0 without TLS: one warning saying why and how to fix it', async () => {
    const warnings = await warningsOf('0.0.0.0', noTls);
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    const msg = warnings[0]!.msg;
    for (const part of [/without TLS on 0\.0\.0\.0/, /private keys of every TLS Secret/, /anyone who can reach the port/, /xds\.tls\.caFile/, /isobar certgen/, /127\.0\.0\.1/]) assert.match(msg, part);
  });
  it('127.0.0.1 without TLS: no warning', async () => assert.deepEqual(await warningsOf('127.0.0.1', noTls), []));
  it('0.0.0.0 with mutual TLS: no warning', async () => assert.deepEqual(await warningsOf('0.0.0.0', tls), []));
});

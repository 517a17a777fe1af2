import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { createServer, Socket } from 'node:net';
import { describe, it } from 'node:test';
import { createServer as createTlsServer, connect } from 'node:tls';
import { createTestPki } from './certs.js';
import * as der from './der.js';
import { startEchoBackend } from './echo-backend.js';
import { eventually } from './eventually.js';
import { request } from './http-client.js';
import { freePorts } from './ports.js';

describe('certs', () => {
  it('makes a CA and a server certificate that X.509 parsers accept', () => {
    const { ca, server } = createTestPki(['a.example.test', '*.wild.example.test', '127.0.0.1']);
    const caCert = new X509Certificate(ca.certPem);
    const cert = new X509Certificate(server.certPem);
    assert.equal(caCert.ca, true);
    assert.equal(cert.ca, false);
    assert.ok(caCert.verify(caCert.publicKey), 'CA is self-signed');
    assert.ok(cert.verify(caCert.publicKey), 'server cert is signed by the CA');
    assert.ok(cert.checkIssued(caCert));
    assert.equal(cert.subjectAltName, 'DNS:a.example.test, DNS:*.wild.example.test, IP Address:127.0.0.1');
    assert.equal(cert.checkHost('x.wild.example.test'), '*.wild.example.test');
    assert.equal(cert.checkHost('b.example.test'), undefined);
    assert.ok(cert.checkPrivateKey(createPrivateKey(server.keyPem)));
    assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1']);
    assert.ok(new Date(cert.validFrom) < new Date() && new Date() < new Date(cert.validTo));
  });

  it('passes a real TLS handshake with hostname verification', async (t) => {
    const { ca, server } = createTestPki(['tls.example.test']);
    const tls = createTlsServer({ cert: server.certPem, key: server.keyPem }, (s) => s.end('hi'));
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    t.after(() => tls.close());
    const port = (tls.address() as { port: number }).port;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, servername: 'tls.example.test', ca: ca.certPem }, () => socket.once('data', (d) => resolve(d.toString())));
      socket.once('error', reject);
    });
    assert.equal(reply, 'hi');
  });
});

describe('der', () => {
  const cases: Array<[string, Buffer, string]> = [
    ['small integer', der.integer(2), '020102'],
    ['integer with top bit set', der.integer(Buffer.from([0x80])), '02020080'],
    ['integer with leading zeros', der.integer(Buffer.from([0, 0, 1])), '020101'],
    ['OID', der.oid('1.2.840.10045.2.1'), '06072a8648ce3d0201'],
    ['long length', der.octetString(Buffer.alloc(200)).subarray(0, 3), '0481c8'],
    ['UTCTime', der.time(new Date(Date.UTC(2026, 0, 2, 3, 4, 5))), '170d3236303130323033303430355a'],
    ['GeneralizedTime', der.time(new Date(Date.UTC(2050, 0, 1))), '180f32303530303130313030303030305a'],
  ];
  for (const [name, actual, hex] of cases) {
    it(`encodes ${name}`, () => assert.equal(actual.toString('hex'), hex));
  }
});

describe('eventually', () => {
  it('retries until the assertion passes and returns its value', async () => {
    let calls = 0;
    const value = await eventually(() => {
      calls++;
      assert.ok(calls >= 3, 'not yet');
      return calls;
    }, { intervalMs: 5 });
    assert.equal(value, 3);
  });

  it('rethrows the last error after the timeout', async () => {
    let calls = 0;
    await assert.rejects(
      eventually(() => assert.equal(++calls, -1), { timeoutMs: 100, intervalMs: 10 }),
      (err: Error) => err.name === 'AssertionError' && /still failing after \d+ tries in 100 ms/.test(err.message),
    );
    assert.ok(calls > 2);
  });
});

describe('ports, echo backend and http client', () => {
  it('hands out distinct ports that can be bound', async () => {
    const ports = await freePorts(3);
    assert.equal(new Set(ports).size, 3);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(ports[0], '127.0.0.1', resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('echoes the request and never follows redirects', async (t) => {
    const backend = await startEchoBackend('direct');
    t.after(() => backend.close());
    const res = await request({ port: backend.port, host: 'h.example.test', path: '/p?q=1', headers: { 'x-echo-status': '302', 'x-test': 'yes' } });
    assert.equal(res.status, 302);
    assert.equal(res.headers['x-echo-backend'], 'direct');
    const echo = res.json<{ backend: string; path: string; headers: Record<string, string> }>();
    assert.deepEqual([echo.backend, echo.path, echo.headers['host'], echo.headers['x-test']], ['direct', '/p?q=1', 'h.example.test', 'yes']);
    assert.equal(backend.requests.length, 1);
  });

  it('closes the echo backend even with an open keep-alive connection', async () => {
    const backend = await startEchoBackend('closing');
    const socket = await new Promise<Socket>((resolve) => {
      const s = new Socket();
      s.connect(backend.port, '127.0.0.1', () => resolve(s));
    });
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.resume();
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await eventually(() => assert.equal(backend.requests.length, 1));
    await backend.close();
    await closed; // the server ended the idle keep-alive connection
  });
});

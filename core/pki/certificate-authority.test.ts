import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { connect, createServer, type TLSSocket } from 'node:tls';
import { IsobarError } from '../errors.js';
import { createCertificateAuthority, type CertificateAndKey } from './certificate-authority.js';
import { OID } from './x509.js';

const DAY_MS = 86_400_000;

describe('createCertificateAuthority', () => {
  it('makes a self-signed CA valid for validDays', () => {
    const ca = createCertificateAuthority({ commonName: 'test CA', organization: 'acme', validDays: 10 });
    const cert = new X509Certificate(ca.certPem);
    assert.equal(cert.ca, true);
    assert.ok(cert.verify(cert.publicKey));
    assert.equal(cert.subject, 'O=acme\nCN=test CA');
    assert.equal(cert.issuer, cert.subject);
    const days = (Date.parse(cert.validTo) - Date.now()) / DAY_MS;
    assert.ok(days > 9.99 && days <= 10, `valid for ${days} days`);
    assert.ok(cert.checkPrivateKey(createPrivateKey(ca.keyPem)));
  });

  it('issues server certificates with DNS, wildcard, IPv4 and IPv6 names', () => {
    const ca = createCertificateAuthority();
    const server = ca.issueServerCertificate(['isobar', 'isobar.ns.svc', '*.apps.example', '127.0.0.1', '::1', 'fd00::a:1'], { validDays: 3 });
    const cert = new X509Certificate(server.certPem);
    assert.ok(cert.verify(new X509Certificate(ca.certPem).publicKey), 'signed by the CA');
    assert.ok(cert.checkIssued(new X509Certificate(ca.certPem)));
    assert.equal(cert.ca, false);
    assert.equal(cert.subject, 'O=isobar\nCN=isobar');
    assert.equal(cert.checkHost('isobar'), 'isobar');
    assert.equal(cert.checkHost('isobar.ns.svc'), 'isobar.ns.svc');
    assert.equal(cert.checkHost('x.apps.example'), '*.apps.example');
    assert.equal(cert.checkHost('isobar.other.svc'), undefined);
    assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(cert.checkIP('::1'), '::1');
    assert.equal(cert.checkIP('fd00:0:0:0:0:0:a:1'), 'fd00:0:0:0:0:0:a:1');
    assert.equal(cert.checkIP('127.0.0.2'), undefined);
    assert.deepEqual(cert.keyUsage, [OID.serverAuth]);
    assert.ok(cert.checkPrivateKey(createPrivateKey(server.keyPem)));
    const days = (Date.parse(cert.validTo) - Date.now()) / DAY_MS;
    assert.ok(days > 2.99 && days <= 3, `valid for ${days} days`);
  });

  it('adds clientAuth to a server certificate on request', () => {
    const cert = new X509Certificate(createCertificateAuthority().issueServerCertificate(['a.test'], { clientAuth: true }).certPem);
    assert.deepEqual(cert.keyUsage, [OID.serverAuth, OID.clientAuth]);
  });

  it('issues client certificates: clientAuth only, identified by the common name', () => {
    const ca = createCertificateAuthority();
    const client = ca.issueClientCertificate('envoy');
    const cert = new X509Certificate(client.certPem);
    assert.ok(cert.verify(new X509Certificate(ca.certPem).publicKey));
    assert.deepEqual(cert.keyUsage, [OID.clientAuth]);
    assert.equal(cert.subject, 'O=isobar\nCN=envoy');
    assert.equal(cert.subjectAltName, undefined);
    assert.equal(new X509Certificate(ca.issueClientCertificate('e', { names: ['e.test'] }).certPem).subjectAltName, 'DNS:e.test');
  });

  it('gives every certificate its own key and serial', () => {
    const ca = createCertificateAuthority();
    const [a, b] = [ca.issueClientCertificate('x'), ca.issueClientCertificate('x')].map((c) => new X509Certificate(c.certPem));
    assert.notEqual(a!.serialNumber, b!.serialNumber);
    assert.notEqual(a!.publicKey.export({ type: 'spki', format: 'der' }).toString('hex'), b!.publicKey.export({ type: 'spki', format: 'der' }).toString('hex'));
  });

  const invalid: Array<[string, () => unknown, RegExp]> = [
    ['a name with a space', () => createCertificateAuthority().issueServerCertificate(['bad name']), /"bad name" is neither a DNS name nor an IP address/],
    ['an IPv6 zone id', () => createCertificateAuthority().issueServerCertificate(['fe80::1%eth0']), /is not an IPv4 or IPv6 address/],
    ['no names for a server', () => createCertificateAuthority().issueServerCertificate([]), /at least one DNS name or IP address/],
    ['zero days', () => createCertificateAuthority({ validDays: 0 }), /whole number of days >= 1, got 0/],
    ['no purpose', () => createCertificateAuthority().issue({ commonName: 'x', purposes: [] }), /at least one purpose/],
  ];
  for (const [name, fn, message] of invalid) {
    it(`refuses ${name}`, () => assert.throws(fn, (e: unknown) => e instanceof IsobarError && e.code === 'CONFIG_INVALID' && message.test(e.message)));
  }
});

/** A TLS server that demands a client certificate signed by `ca`; resolves with what the client saw. */
async function mutualTls(t: { after(fn: () => void): void }, ca: string, server: CertificateAndKey, client: Partial<CertificateAndKey>): Promise<string> {
  const srv = createServer({ cert: server.certPem, key: server.keyPem, ca, requestCert: true, rejectUnauthorized: true }, (s) => s.end('hello'));
  srv.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  t.after(() => srv.close());
  const port = (srv.address() as { port: number }).port;
  return new Promise<string>((resolve) => {
    const socket: TLSSocket = connect({ host: '127.0.0.1', port, servername: 'isobar', ca, cert: client.certPem, key: client.keyPem });
    let data = '';
    socket.on('data', (d) => (data += d.toString()));
    socket.on('end', () => resolve(data === '' ? 'closed without data' : data));
    socket.on('error', (e) => resolve(`error: ${e.message}`));
  });
}

describe('mutual TLS with node:tls', () => {
  const ca = createCertificateAuthority();
  const server = ca.issueServerCertificate(['isobar']);

  it('accepts a client certificate from the CA', async (t) => {
    assert.equal(await mutualTls(t, ca.certPem, server, ca.issueClientCertificate('envoy')), 'hello');
  });

  it('refuses a client without a certificate', async (t) => {
    assert.notEqual(await mutualTls(t, ca.certPem, server, {}), 'hello');
  });

  it('refuses a client certificate from another CA', async (t) => {
    assert.notEqual(await mutualTls(t, ca.certPem, server, createCertificateAuthority().issueClientCertificate('envoy')), 'hello');
  });

  it('refuses a serverAuth-only certificate as a client certificate', async (t) => {
    assert.match(await mutualTls(t, ca.certPem, server, ca.issueServerCertificate(['envoy'])), /error|closed/);
  });
});

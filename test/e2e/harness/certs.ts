import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import * as der from './der.js';

/** PEM strings of one certificate and its private key (PKCS#8). */
export interface CertificateAndKey {
  certPem: string;
  keyPem: string;
}

export interface CertificateAuthority extends CertificateAndKey {
  /** A server certificate for these DNS names (or IP literals), signed by this CA. */
  issueServerCertificate(names: string[], options?: { commonName?: string; validDays?: number }): CertificateAndKey;
}

/** A self-signed CA and one server certificate for `names`: the usual setup of a TLS test. */
export function createTestPki(names: string[]): { ca: CertificateAuthority; server: CertificateAndKey } {
  const ca = createCertificateAuthority();
  return { ca, server: ca.issueServerCertificate(names) };
}

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

const DAY_MS = 86_400_000;

/** A new self-signed CA with an ECDSA P-256 key. Fast: no openssl, no RSA key generation. */
export function createCertificateAuthority(commonName = 'isobar e2e CA', validDays = 30): CertificateAuthority {
  const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const subject = name(commonName);
  const keyId = keyIdentifier(keys.publicKey);
  const certDer = certificate({
    subject,
    issuer: subject,
    subjectPublicKey: keys.publicKey,
    signingKey: keys.privateKey,
    validDays,
    extensions: [
      extension(OID.basicConstraints, der.sequence(der.boolean(true)), true),
      // keyCertSign and cRLSign: bits 5 and 6, so the last bit is unused.
      extension(OID.keyUsage, der.bitString(Buffer.from([0x06]), 1), true),
      extension(OID.subjectKeyIdentifier, der.octetString(keyId)),
    ],
  });
  return {
    certPem: der.pem('CERTIFICATE', certDer),
    keyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    issueServerCertificate(names, options = {}) {
      if (names.length === 0) throw new Error('issueServerCertificate: give at least one name');
      const leaf = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const leafDer = certificate({
        subject: name(options.commonName ?? names[0]!),
        issuer: subject,
        subjectPublicKey: leaf.publicKey,
        signingKey: keys.privateKey,
        validDays: options.validDays ?? validDays,
        extensions: [
          extension(OID.basicConstraints, der.sequence(), true),
          // digitalSignature: bit 0, so seven bits unused.
          extension(OID.keyUsage, der.bitString(Buffer.from([0x80]), 7), true),
          extension(OID.extKeyUsage, der.sequence(der.oid(OID.serverAuth))),
          extension(OID.subjectAltName, der.sequence(...names.map(generalName))),
          extension(OID.subjectKeyIdentifier, der.octetString(keyIdentifier(leaf.publicKey))),
          extension(OID.authorityKeyIdentifier, der.sequence(der.implicitPrimitive(0, keyId))),
        ],
      });
      return { certPem: der.pem('CERTIFICATE', leafDer), keyPem: leaf.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    },
  };
}

interface CertificateFields {
  subject: Buffer;
  issuer: Buffer;
  subjectPublicKey: KeyObject;
  signingKey: KeyObject;
  validDays: number;
  extensions: Buffer[];
}

/** RFC 5280 section 4.1: a v3 certificate signed with ECDSA-SHA256. */
function certificate(f: CertificateFields): Buffer {
  const algorithm = der.sequence(der.oid(OID.ecdsaWithSha256));
  const now = Date.now();
  const tbs = der.sequence(
    der.explicit(0, der.integer(2)), // v3
    der.integer(randomBytes(16)),
    algorithm,
    f.issuer,
    // Backdated an hour so a clock a little behind still accepts it.
    der.sequence(der.time(new Date(now - 3_600_000)), der.time(new Date(now + f.validDays * DAY_MS))),
    f.subject,
    f.subjectPublicKey.export({ type: 'spki', format: 'der' }),
    der.explicit(3, der.sequence(...f.extensions)),
  );
  const signature = sign('sha256', tbs, f.signingKey); // DER-encoded ECDSA-Sig-Value
  return der.sequence(tbs, algorithm, der.bitString(signature));
}

function name(commonName: string): Buffer {
  const rdn = (type: string, value: string) => der.set(der.sequence(der.oid(type), der.utf8String(value)));
  return der.sequence(rdn(OID.organization, 'isobar e2e'), rdn(OID.commonName, commonName));
}

function extension(id: string, value: Buffer, critical = false): Buffer {
  return der.sequence(der.oid(id), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
}

/** GeneralName: dNSName [2] or iPAddress [7]. */
function generalName(n: string): Buffer {
  const family = isIP(n);
  if (family === 4) return der.implicitPrimitive(7, Buffer.from(n.split('.').map(Number)));
  if (family === 6) throw new Error('certs: IPv6 SANs are not supported');
  return der.implicitPrimitive(2, Buffer.from(n, 'ascii'));
}

/** RFC 5280 4.2.1.2 method 1: SHA-1 of the public key bits. */
function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // For a P-256 key the BIT STRING holding the point is the last 66 bytes: tag, length, unused-bits, 65-byte point.
  return createHash('sha1').update(spki.subarray(spki.length - 65)).digest();
}

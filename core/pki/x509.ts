/**
 * X.509 v3 certificates (RFC 5280) written with der.ts and node:crypto: ECDSA P-256 keys signed with
 * SHA-256. Only what a private CA for isobar needs; certificate-authority.ts decides what goes in them.
 */
import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { IsobarError } from '../errors.js';
import * as der from './der.js';

export const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

const DAY_MS = 86_400_000;

export interface CertificateFields {
  /** A DER Name, e.g. from distinguishedName(). The issuer's must be byte-equal to its CA's subject. */
  subject: Buffer;
  issuer: Buffer;
  subjectPublicKey: KeyObject;
  signingKey: KeyObject;
  validDays: number;
  /** DER Extensions, e.g. from extension(). */
  extensions: Buffer[];
}

/** RFC 5280 section 4.1: a v3 certificate signed with ECDSA-SHA256, as DER. */
export function certificate(f: CertificateFields): Buffer {
  if (!Number.isInteger(f.validDays) || f.validDays < 1) {
    throw new IsobarError('CONFIG_INVALID', `certificate validity must be a whole number of days >= 1, got ${f.validDays}`);
  }
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

/** A Name of O=<organization>, CN=<commonName>. */
export function distinguishedName(organization: string, commonName: string): Buffer {
  const rdn = (type: string, value: string) => der.set(der.sequence(der.oid(type), der.utf8String(value)));
  return der.sequence(rdn(OID.organization, organization), rdn(OID.commonName, commonName));
}

export function extension(id: string, value: Buffer, critical = false): Buffer {
  return der.sequence(der.oid(id), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
}

/** An absolute URI with an authority (`spiffe://trust.domain/workload`), printable ASCII without spaces. */
const URI = /^[a-z][a-z0-9+.-]*:\/\/[\x21-\x7e]+$/i;

/**
 * GeneralName: iPAddress [7] for an IPv4 or IPv6 literal, uniformResourceIdentifier [6] for a URI
 * (`scheme://...`, a SPIFFE ID say), else dNSName [2] (checked to be one).
 */
export function generalName(name: string): Buffer {
  if (isIP(name) !== 0) return der.implicitPrimitive(7, ipAddressBytes(name));
  if (URI.test(name)) return der.implicitPrimitive(6, Buffer.from(name, 'ascii'));
  checkDnsName(name);
  return der.implicitPrimitive(2, Buffer.from(name, 'ascii'));
}

// Letters, digits and inner hyphens per label; a leading "*." wildcard label.
const DNS_LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DNS_NAME = new RegExp(`^(?:\\*\\.)?${DNS_LABEL}(?:\\.${DNS_LABEL})*$`, 'i');

function checkDnsName(name: string): void {
  if (name.length > 253 || !DNS_NAME.test(name)) {
    throw new IsobarError('CONFIG_INVALID', `"${name}" is neither a DNS name nor an IP address, so it cannot be a subject alternative name`);
  }
}

/** The 4 or 16 bytes of an IP literal (IPv6 zone ids like %eth0 have no place in a certificate). */
export function ipAddressBytes(ip: string): Buffer {
  const family = isIP(ip);
  if (family === 4) return Buffer.from(ip.split('.').map(Number));
  if (family !== 6 || ip.includes('%')) throw new IsobarError('CONFIG_INVALID', `"${ip}" is not an IPv4 or IPv6 address`);
  const words = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16)];
          const [a, b, c, d] = group.split('.').map(Number) as [number, number, number, number]; // ::ffff:1.2.3.4
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head = '', tail] = ip.split('::');
  const before = words(head);
  const after = tail === undefined ? [] : words(tail);
  const all = tail === undefined ? before : [...before, ...new Array<number>(8 - before.length - after.length).fill(0), ...after];
  const bytes = Buffer.alloc(16);
  all.forEach((word, i) => bytes.writeUInt16BE(word, i * 2));
  return bytes;
}

/** RFC 5280 4.2.1.2 method 1: SHA-1 of the public key bits. */
export function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // For a P-256 key the BIT STRING holding the point is the last 66 bytes: tag, length, unused-bits, 65-byte point.
  return createHash('sha1').update(spki.subarray(spki.length - 65)).digest();
}

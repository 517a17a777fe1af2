/**
 * A small private CA in plain JavaScript (no openssl): the xDS mTLS certificates of `isobar certgen`, and
 * the certificates of the tests. ECDSA P-256 keys, so making a CA and a few certificates takes
 * milliseconds.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { IsobarError } from '../errors.js';
import * as der from './der.js';
import { certificate, distinguishedName, extension, generalName, keyIdentifier, OID } from './x509.js';

/** PEM strings of one certificate and its private key (PKCS#8). */
export interface CertificateAndKey {
  certPem: string;
  keyPem: string;
}

/** What a leaf certificate may be used for (its extKeyUsage): a TLS server, a TLS client, or both. */
export type CertificatePurpose = 'serverAuth' | 'clientAuth';

export interface IssueOptions {
  commonName: string;
  /** Subject alternative names: DNS names (`*.` wildcards allowed), IPv4/IPv6 literals and URIs (`spiffe://...`). */
  names?: readonly string[];
  purposes: readonly CertificatePurpose[];
  /** Default: the CA's validDays. */
  validDays?: number;
}

export interface CertificateAuthority extends CertificateAndKey {
  /** A leaf certificate signed by this CA. */
  issue(options: IssueOptions): CertificateAndKey;
  /**
   * A TLS server certificate for these DNS names or IP literals (the first is the common name unless one
   * is given). With `clientAuth`, the same certificate may also be presented as a client's.
   */
  issueServerCertificate(names: readonly string[], options?: { commonName?: string; validDays?: number; clientAuth?: boolean }): CertificateAndKey;
  /** A TLS client certificate: its common name identifies the client; `names` are optional SANs. */
  issueClientCertificate(commonName: string, options?: { names?: readonly string[]; validDays?: number }): CertificateAndKey;
}

export interface CertificateAuthorityOptions {
  /** Default 'isobar CA'. */
  commonName?: string;
  /** The O= of the CA and of every certificate it issues. Default 'isobar'. */
  organization?: string;
  /** How long the CA, and by default what it issues, is valid. Default 365. */
  validDays?: number;
}

/** A new self-signed CA with an ECDSA P-256 key. Its private key lives only in the returned object. */
export function createCertificateAuthority(options: CertificateAuthorityOptions = {}): CertificateAuthority {
  const organization = options.organization ?? 'isobar';
  const validDays = options.validDays ?? 365;
  const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const subject = distinguishedName(organization, options.commonName ?? 'isobar CA');
  const caKeyId = keyIdentifier(keys.publicKey);
  const certDer = certificate({
    subject,
    issuer: subject,
    subjectPublicKey: keys.publicKey,
    signingKey: keys.privateKey,
    validDays,
    extensions: [
      // cA with pathLenConstraint 0: it signs leaves only, never another CA.
      extension(OID.basicConstraints, der.sequence(der.boolean(true), der.integer(0)), true),
      // keyCertSign and cRLSign: bits 5 and 6, so the last bit is unused.
      extension(OID.keyUsage, der.bitString(Buffer.from([0x06]), 1), true),
      extension(OID.subjectKeyIdentifier, der.octetString(caKeyId)),
    ],
  });

  const issue = (o: IssueOptions): CertificateAndKey => {
    if (o.purposes.length === 0) throw new IsobarError('CONFIG_INVALID', `certificate "${o.commonName}": give at least one purpose`);
    if (o.commonName === '') throw new IsobarError('CONFIG_INVALID', 'certificate common name is empty');
    const names = o.names ?? [];
    const leaf = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const leafDer = certificate({
      subject: distinguishedName(organization, o.commonName),
      issuer: subject,
      subjectPublicKey: leaf.publicKey,
      signingKey: keys.privateKey,
      validDays: o.validDays ?? validDays,
      extensions: [
        extension(OID.basicConstraints, der.sequence(), true),
        // digitalSignature: bit 0, so seven bits unused. (ECDHE-ECDSA needs no more.)
        extension(OID.keyUsage, der.bitString(Buffer.from([0x80]), 7), true),
        extension(OID.extKeyUsage, der.sequence(...[...new Set(o.purposes)].map((p) => der.oid(OID[p])))),
        ...(names.length > 0 ? [extension(OID.subjectAltName, der.sequence(...names.map(generalName)))] : []),
        extension(OID.subjectKeyIdentifier, der.octetString(keyIdentifier(leaf.publicKey))),
        extension(OID.authorityKeyIdentifier, der.sequence(der.implicitPrimitive(0, caKeyId))),
      ],
    });
    return { certPem: der.pem('CERTIFICATE', leafDer), keyPem: pkcs8Pem(leaf.privateKey) };
  };

  return {
    certPem: der.pem('CERTIFICATE', certDer),
    keyPem: pkcs8Pem(keys.privateKey),
    issue,
    issueServerCertificate(names, o = {}) {
      if (names.length === 0) throw new IsobarError('CONFIG_INVALID', 'a server certificate needs at least one DNS name or IP address');
      const purposes: CertificatePurpose[] = o.clientAuth ? ['serverAuth', 'clientAuth'] : ['serverAuth'];
      return issue({ commonName: o.commonName ?? names[0]!, names, purposes, validDays: o.validDays });
    },
    issueClientCertificate(commonName, o = {}) {
      return issue({ commonName, names: o.names, purposes: ['clientAuth'], validDays: o.validDays });
    },
  };
}

function pkcs8Pem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

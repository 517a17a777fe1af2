/**
 * Certificates for tests: core/pki's CA with test defaults (a 30-day CA, O=isobar e2e). The code that
 * makes certificates is core/pki, shared with `isobar certgen`.
 */
import { createCertificateAuthority as createCa, type CertificateAndKey, type CertificateAuthority } from '../../../core/pki/certificate-authority.js';

export type { CertificateAndKey, CertificateAuthority };

/** A self-signed CA and one server certificate for `names`: the usual setup of a TLS test. */
export function createTestPki(names: string[]): { ca: CertificateAuthority; server: CertificateAndKey } {
  const ca = createCertificateAuthority();
  return { ca, server: ca.issueServerCertificate(names) };
}

/** A new self-signed CA with an ECDSA P-256 key. Fast: no openssl, no RSA key generation. */
export function createCertificateAuthority(commonName = 'isobar e2e CA', validDays = 30): CertificateAuthority {
  return createCa({ commonName, organization: 'isobar e2e', validDays });
}

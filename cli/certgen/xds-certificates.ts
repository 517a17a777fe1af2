/**
 * What `isobar certgen` makes and where it puts it: a CA, isobar's xDS server certificate, Envoy's client
 * certificate; as files, or as Kubernetes Secrets.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { createCertificateAuthority, type CertificateAndKey } from '../../core/pki/certificate-authority.js';
import { writeFileAtomic } from '../../plugins/sink-static/atomic-write.js';

export interface XdsCertificateOptions {
  /** Namespace of isobar's Service (and of the Secrets). */
  namespace: string;
  /** Name of isobar's xDS Service. */
  service: string;
  /** More DNS names and IP addresses for isobar's certificate. */
  extraNames: readonly string[];
  validDays: number;
}

export interface XdsCertificates {
  caPem: string;
  /** isobar's xDS serving certificate. */
  server: CertificateAndKey;
  /** Envoy's client certificate (CN envoy). */
  client: CertificateAndKey;
  /** The subject alternative names of the server certificate, in order. */
  serverNames: string[];
}

/** The CN of Envoy's client certificate. */
export const CLIENT_COMMON_NAME = 'envoy';
export const SERVER_SECRET_NAME = 'isobar-xds-server';
export const CLIENT_SECRET_NAME = 'isobar-xds-client';

/**
 * isobar's names: the Service's in-cluster DNS names, localhost and 127.0.0.1 (Envoy beside isobar in one
 * pod, or on one VM), "isobar" (what `isobar bootstrap` checks for by default when it dials an IP), and
 * the extra names. Duplicates are dropped, first occurrence wins.
 */
export function serverNames(o: Pick<XdsCertificateOptions, 'namespace' | 'service' | 'extraNames'>): string[] {
  const { service: s, namespace: ns } = o;
  return [...new Set([s, `${s}.${ns}`, `${s}.${ns}.svc`, `${s}.${ns}.svc.cluster.local`, 'isobar', 'localhost', '127.0.0.1', ...o.extraNames])];
}

/** A new CA and the two certificates it signs. The CA's private key is dropped: nothing else is ever signed with it. */
export function generateXdsCertificates(o: XdsCertificateOptions): XdsCertificates {
  const ca = createCertificateAuthority({ commonName: `isobar xDS CA (${o.namespace})`, validDays: o.validDays });
  const names = serverNames(o);
  return {
    caPem: ca.certPem,
    server: ca.issueServerCertificate(names, { commonName: o.service }),
    client: ca.issueClientCertificate(CLIENT_COMMON_NAME),
    serverNames: names,
  };
}

/** File name → content and mode, as written by --out-dir. */
export function certificateFiles(c: XdsCertificates): Array<{ name: string; content: string; mode: number }> {
  return [
    { name: 'ca.crt', content: c.caPem, mode: 0o644 },
    { name: 'isobar.crt', content: c.server.certPem, mode: 0o644 },
    { name: 'isobar.key', content: c.server.keyPem, mode: 0o600 },
    { name: 'envoy.crt', content: c.client.certPem, mode: 0o644 },
    { name: 'envoy.key', content: c.client.keyPem, mode: 0o600 },
  ];
}

export class ExistingFilesError extends Error {
  constructor(readonly files: string[]) {
    super(`refusing to overwrite ${files.join(', ')} (use --overwrite to replace them)`);
  }
}

/**
 * Writes the files into `dir` (created if missing), each atomically. Without `overwrite`, nothing is
 * written when any of them exists: a half-replaced set would pair keys with the wrong CA.
 */
export function writeCertificateFiles(dir: string, c: XdsCertificates, overwrite: boolean): string[] {
  const files = certificateFiles(c).map((f) => ({ ...f, path: join(dir, f.name) }));
  if (!overwrite) {
    const existing = files.filter((f) => existsSync(f.path)).map((f) => f.path);
    if (existing.length > 0) throw new ExistingFilesError(existing);
  }
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileAtomic(f.path, f.content, f.mode);
  return files.map((f) => f.path);
}

/**
 * Two Secrets of type kubernetes.io/tls, each with the CA as ca.crt: isobar's (it checks clients against
 * ca.crt) and Envoy's (it checks isobar against ca.crt). As one multi-document YAML stream.
 */
export function kubernetesSecretsYaml(c: XdsCertificates, namespace: string): string {
  const secret = (name: string, component: string, pair: CertificateAndKey) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'kubernetes.io/tls',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/name': 'isobar', 'app.kubernetes.io/component': component } },
    data: { 'ca.crt': base64(c.caPem), 'tls.crt': base64(pair.certPem), 'tls.key': base64(pair.keyPem) },
  });
  const docs = [
    ['# isobar\'s xDS server certificate, and the CA that clients\' certificates must be signed by.', secret(SERVER_SECRET_NAME, 'xds-server', c.server)],
    ["# Envoy's xDS client certificate (CN envoy), and the CA that isobar's certificate must be signed by.", secret(CLIENT_SECRET_NAME, 'xds-client', c.client)],
  ] as const;
  return docs.map(([comment, doc]) => `${comment}\n${stringify(doc, { lineWidth: 0 })}`).join('---\n');
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

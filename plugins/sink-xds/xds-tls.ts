import * as grpc from '@grpc/grpc-js';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { IsobarError, type IsobarConfig } from '../../core/index.js';

export type XdsTlsConfig = IsobarConfig['xds']['tls'];

/** The PEM files of xds.tls, read and checked. */
export interface XdsTlsFiles {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
  /** The server certificate, for logs: subject, SANs, expiry. */
  certificate: X509Certificate;
}

const KEYS = ['caFile', 'certFile', 'keyFile'] as const;
type TlsKey = (typeof KEYS)[number];

/**
 * Reads xds.tls: undefined when all three files are '' (plaintext; also for a hand-built config without
 * the block). Otherwise every file must be readable PEM and the key must belong to the certificate, or
 * this throws an IsobarError naming the config key and the file, so a typo stops start-up instead of
 * leaving an xDS server no client can talk to.
 *
 * Called on every start of the xDS server: new files are picked up on restart only. Envoy reads its own
 * client certificate once at start too, so rotating xDS certificates means restarting both anyway.
 */
export function loadXdsTls(tls: XdsTlsConfig | undefined): XdsTlsFiles | undefined {
  if (!tls) return undefined;
  const set = KEYS.filter((k) => tls[k] !== '');
  if (set.length === 0) return undefined;
  if (set.length < KEYS.length) {
    const missing = KEYS.filter((k) => tls[k] === '');
    throw new IsobarError(
      'CONFIG_INVALID',
      `${missing.map((k) => `xds.tls.${k}`).join(' and ')} ${missing.length > 1 ? 'are' : 'is'} empty but ${set.map((k) => `xds.tls.${k}`).join(' and ')} ${set.length > 1 ? 'are' : 'is'} set: give all three for mutual TLS, or none for plaintext`,
    );
  }
  const ca = read(tls, 'caFile');
  const cert = read(tls, 'certFile');
  const key = read(tls, 'keyFile');
  parse(tls, 'caFile', () => new X509Certificate(ca));
  const certificate = parse(tls, 'certFile', () => new X509Certificate(cert));
  const privateKey = parse(tls, 'keyFile', () => createPrivateKey(key));
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new IsobarError('CONFIG_INVALID', `xds.tls.keyFile ${tls.keyFile} is not the private key of xds.tls.certFile ${tls.certFile}`);
  }
  return { ca, cert, key, certificate };
}

/**
 * gRPC server credentials: plaintext without files; with them, TLS that demands a client certificate
 * signed by the CA (checkClientCertificate), so a client without one fails the handshake.
 */
export function xdsServerCredentials(files: XdsTlsFiles | undefined): grpc.ServerCredentials {
  if (!files) return grpc.ServerCredentials.createInsecure();
  return grpc.ServerCredentials.createSsl(files.ca, [{ cert_chain: files.cert, private_key: files.key }], true);
}

function read(tls: XdsTlsConfig, key: TlsKey): Buffer {
  try {
    return readFileSync(tls[key]);
  } catch (err) {
    throw new IsobarError('CONFIG_INVALID', `xds.tls.${key}: cannot read ${tls[key]}: ${(err as Error).message}`, { cause: err });
  }
}

function parse<T>(tls: XdsTlsConfig, key: TlsKey, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const what = key === 'keyFile' ? 'a PEM private key' : 'a PEM certificate';
    throw new IsobarError('CONFIG_INVALID', `xds.tls.${key}: ${tls[key]} is not ${what}: ${(err as Error).message}`, { cause: err });
  }
}

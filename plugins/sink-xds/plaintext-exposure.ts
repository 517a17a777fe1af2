import { isIP } from 'node:net';

/**
 * Whether an xDS bind address is reachable only from this host: 127.0.0.0/8, ::1 (also as an IPv4-mapped
 * address) and the name localhost. Anything else (0.0.0.0, ::, a pod IP, another host name) may be
 * reached from the network.
 */
export function isLoopbackAddress(address: string): boolean {
  const a = address.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (a === 'localhost' || a.endsWith('.localhost')) return true;
  const v4 = a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  if (isIP(a) === 6) return /^(0{0,4}:){2,7}0{0,3}1$/.test(a) || a === '::1';
  return false;
}

/**
 * The warning for plaintext xDS on an address others can reach, or undefined when there is nothing to
 * warn about (TLS is on, or only this host can connect).
 */
export function plaintextExposureWarning(address: string, tls: boolean): string | undefined {
  if (tls || isLoopbackAddress(address)) return undefined;
  return (
    `xDS is served without TLS on ${address}, which is reachable from other hosts: the private keys of every TLS Secret ` +
    'travel over xDS in clear, and anyone who can reach the port can fetch them. Set xds.tls.caFile, xds.tls.certFile and ' +
    'xds.tls.keyFile (e.g. from "isobar certgen") for mutual TLS, or bind xds.address to 127.0.0.1'
  );
}

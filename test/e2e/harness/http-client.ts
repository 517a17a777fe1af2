import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';

export interface RequestOptions {
  /** Port Envoy listens on (on `address`). */
  port: number;
  /** Where to connect. Default 127.0.0.1. */
  address?: string;
  /** Host header (the virtual host to hit). Default `<address>:<port>`. */
  host?: string;
  /** Path with query. Default '/'. */
  path?: string;
  method?: string;
  headers?: OutgoingHttpHeaders;
  body?: string | Uint8Array;
  /** Use TLS. `servername` is the SNI name (default: the Host header without its port; none for an IP). */
  /** `cert` / `key`: a client certificate to present. */
  tls?: { servername?: string; ca?: string | string[]; rejectUnauthorized?: boolean; cert?: string; key?: string };
  /** Abort after this long. Default 5000. */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON; throws (showing the body) when it is not JSON. */
  json<T = unknown>(): T;
  /** For TLS: the server certificate Envoy presented. */
  peerCertificate?: { subject: Record<string, unknown>; subjectaltname?: string; issuer: Record<string, unknown> };
}

/**
 * One request through Envoy, on a fresh connection (no agent, so nothing lingers after a test).
 * Redirects are returned as they are, never followed: redirects are often what a test checks.
 */
export function request(options: RequestOptions): Promise<HttpResponse> {
  const address = options.address ?? '127.0.0.1';
  const host = options.host ?? `${address}:${options.port}`;
  const headers: OutgoingHttpHeaders = { host, ...options.headers };
  const common = { host: address, port: options.port, path: options.path ?? '/', method: options.method ?? 'GET', headers, agent: false as const };
  return new Promise((resolve, reject) => {
    const req = options.tls
      ? httpsRequest({
          ...common,
          servername: options.tls.servername ?? sniFor(host),
          ca: options.tls.ca,
          rejectUnauthorized: options.tls.rejectUnauthorized ?? true,
          ...(options.tls.cert ? { cert: options.tls.cert, key: options.tls.key } : {}),
        })
      : httpRequest(common);
    req.setTimeout(options.timeoutMs ?? 5000, () => req.destroy(new Error(`request to ${address}:${options.port}${common.path} timed out`)));
    req.on('error', reject);
    req.on('response', (res) => {
      const socket = res.socket as TLSSocket;
      const cert = options.tls && typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          json<T>(): T {
            try {
              return JSON.parse(body) as T;
            } catch {
              throw new Error(`response body is not JSON (status ${res.statusCode}): ${body.slice(0, 500)}`);
            }
          },
          ...(cert && cert.subject
            ? { peerCertificate: { subject: { ...cert.subject }, issuer: { ...cert.issuer }, subjectaltname: cert.subjectaltname } }
            : {}),
        });
      });
    });
    req.end(options.body);
  });
}

/** SNI carries host names only: drop the port, and send none for an IP literal. */
function sniFor(host: string): string | undefined {
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  return /^[\d.]+$/.test(name) || name.includes(':') ? undefined : name;
}

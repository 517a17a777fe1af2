import { createServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { CertificateAndKey } from './certs.js';
import { listenOnLoopback } from './listen.js';

/** One request an HTTPS backend received, with how its TLS connection was made. */
export interface HttpsRequestSeen {
  path: string;
  /** The SNI name the client sent ('' for none). */
  servername: string;
  /** The protocol ALPN settled on ('' for none). */
  alpn: string;
  /** SHA-256 fingerprint of the client certificate presented ('' for none). */
  clientCertificate: string;
}

export interface HttpsEchoBackend {
  readonly name: string;
  readonly port: number;
  readonly requests: readonly HttpsRequestSeen[];
  close(): Promise<void>;
}

/**
 * An HTTP/1.1-over-TLS server on 127.0.0.1 with `cert`, answering 200 with what it saw as JSON.
 * `clientCa`: the handshake requires a client certificate signed by it.
 */
export async function startHttpsEchoBackend(name: string, cert: CertificateAndKey, clientCa?: string): Promise<HttpsEchoBackend> {
  const requests: HttpsRequestSeen[] = [];
  const clientAuth = clientCa ? { ca: clientCa, requestCert: true, rejectUnauthorized: true } : {};
  const server = createServer({ cert: cert.certPem, key: cert.keyPem, ALPNProtocols: ['http/1.1'], ...clientAuth }, (req, res) => {
    const socket = req.socket as TLSSocket;
    const peer = socket.getPeerCertificate();
    const seen: HttpsRequestSeen = { path: req.url ?? '', servername: socket.servername || '', alpn: socket.alpnProtocol || '', clientCertificate: peer?.fingerprint256 ?? '' };
    requests.push(seen);
    const body = JSON.stringify({ backend: name, ...seen });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  const port = await listenOnLoopback(server, 600_000);
  let closed: Promise<void> | undefined;
  return {
    name,
    port,
    requests,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

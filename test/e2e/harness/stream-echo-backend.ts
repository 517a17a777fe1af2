import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import type { CertificateAndKey } from './certs.js';

/** A byte-echoing backend on 127.0.0.1: raw TCP, or TLS with its own certificate. */
export interface StreamEchoBackend {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Per connection accepted, oldest first: the SNI name the client sent (TLS only; '' when none). */
  readonly servernames: readonly string[];
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

/**
 * Raw TCP: whatever arrives on a connection is written back on it. `greeting`: written first, before the
 * client sends anything (a protocol where the server speaks first, as SMTP or MySQL do).
 */
export function startTcpEchoBackend(greeting?: string): Promise<StreamEchoBackend> {
  return listen(createTcpServer(), 'connection', () => undefined, greeting);
}

/** TLS with `cert` (the backend terminates, e.g. behind Envoy's passthrough); echoes the plaintext. */
export function startTlsEchoBackend(cert: CertificateAndKey): Promise<StreamEchoBackend> {
  return listen(createTlsServer({ cert: cert.certPem, key: cert.keyPem }), 'secureConnection', (s) => (s as TLSSocket).servername || '');
}

async function listen(server: Server, event: 'connection' | 'secureConnection', sni: (s: Socket) => string | undefined, greeting?: string): Promise<StreamEchoBackend> {
  const servernames: string[] = [];
  const open = new Set<Socket>();
  let connections = 0;
  server.on(event, (socket: Socket) => {
    connections++;
    const name = sni(socket);
    if (name !== undefined) servernames.push(name);
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
    if (greeting !== undefined) socket.write(greeting);
    socket.pipe(socket);
  });
  // A failed handshake (e.g. a probe) must not take the test down.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;
  return {
    host: '127.0.0.1',
    port,
    servernames,
    get connections() {
      return connections;
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      });
      return closed;
    },
  };
}

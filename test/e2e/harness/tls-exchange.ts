import { connect, type PeerCertificate } from 'node:tls';

export interface TlsExchangeOptions {
  port: number;
  /** Default 127.0.0.1. */
  address?: string;
  /** The SNI name; the certificate must be valid for it. */
  servername: string;
  /** CA(s) the server certificate must chain to. */
  ca: string | string[];
  /** Bytes to send once connected. */
  payload: Buffer;
  /** ALPN protocols to offer. Default none. */
  alpn?: string[];
  /** Default 5000. */
  timeoutMs?: number;
}

export interface TlsExchange {
  /** What came back, once at least as many bytes as were sent had arrived. */
  received: Buffer;
  peerCertificate: PeerCertificate;
  /** The ALPN protocol the server chose, or false for none. */
  alpnProtocol: string | false | null;
}

/**
 * One TLS connection that verifies the server certificate, sends `payload` and waits for as many bytes
 * back (an echo), then closes. Rejects on a handshake failure, an early close or a timeout.
 */
export function tlsExchange(o: TlsExchangeOptions): Promise<TlsExchange> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: o.address ?? '127.0.0.1',
      port: o.port,
      servername: o.servername,
      ca: o.ca,
      rejectUnauthorized: true,
      ...(o.alpn ? { ALPNProtocols: o.alpn } : {}),
    });
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (err: Error) => {
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(o.timeoutMs ?? 5000, () => fail(new Error(`TLS exchange with ${o.servername} timed out after ${size} bytes`)));
    socket.on('error', fail);
    socket.on('close', () => reject(new Error(`connection to ${o.servername} closed after ${size} of ${o.payload.length} bytes`)));
    socket.on('secureConnect', () => socket.write(o.payload));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size < o.payload.length) return;
      const result = { received: Buffer.concat(chunks), peerCertificate: socket.getPeerCertificate(), alpnProtocol: socket.alpnProtocol };
      socket.end();
      resolve(result);
    });
  });
}

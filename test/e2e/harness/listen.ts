import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Starts a test backend on 127.0.0.1 and a free port, and returns the port. Envoy keeps upstream
 * connections open, so idle keep-alive connections are closed after a second: none outlives a test.
 */
export async function listenOnLoopback(server: Server): Promise<number> {
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

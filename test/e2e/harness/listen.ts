import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Starts a test backend on 127.0.0.1 and a free port, and returns the port. Envoy keeps upstream
 * connections open, so idle keep-alive connections are closed after `keepAliveMs` (a second by default):
 * none outlives a test. A backend that closes all its connections itself may keep them longer: a backend
 * closing an idle connection races Envoy reusing it, and under steady load that race shows as a 503.
 */
export async function listenOnLoopback(server: Server, keepAliveMs = 1000): Promise<number> {
  server.keepAliveTimeout = keepAliveMs;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

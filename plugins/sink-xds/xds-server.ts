import * as grpc from '@grpc/grpc-js';
import { envoy, IsobarError, type Logger } from '../../core/index.js';

export type AdsCall = grpc.ServerDuplexStream<envoy.DiscoveryRequest, envoy.DiscoveryResponse>;

/** Large configs (thousands of routes or endpoints) run to tens of MB in one response. */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;

export const SERVER_OPTIONS: grpc.ServerOptions = {
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  // Pings find clients that vanished without closing their connection (a killed pod, a dropped NAT entry),
  // so their streams and status entries are freed.
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 10_000,
};

/** The gRPC server's lifecycle: listen, hand each ADS stream to a handler, shut down. Nothing about xDS state. */
export class XdsServer {
  protected server: grpc.Server | undefined;
  protected boundPort: number | undefined;

  constructor(protected readonly logger: Logger) {}

  /** The port actually bound (useful when 0 was asked for); undefined while not listening. */
  get port(): number | undefined {
    return this.boundPort;
  }

  async listen(address: string, port: number, onStream: (call: AdsCall) => void): Promise<number> {
    if (this.server) throw new Error('xDS server already listening');
    const server = new grpc.Server(SERVER_OPTIONS);
    server.addService(envoy.AggregatedDiscoveryServiceService, {
      streamAggregatedResources: onStream,
      deltaAggregatedResources: (call: grpc.ServerDuplexStream<unknown, unknown>) => this.rejectDelta(call),
    });
    const target = hostPort(address, port);
    try {
      this.boundPort = await new Promise<number>((resolve, reject) => {
        server.bindAsync(target, grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound)));
      });
    } catch (err) {
      server.forceShutdown();
      throw new IsobarError('XDS_LISTEN', `xDS server cannot listen on ${target}: ${(err as Error).message}`, { cause: err });
    }
    this.server = server;
    this.logger.info({ address, port: this.boundPort }, 'xDS server listening');
    return this.boundPort;
  }

  /** Waits up to graceMs for calls to finish, then cuts whatever is left. */
  async shutdown(graceMs: number): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.boundPort = undefined;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.logger.warn({ graceMs }, 'xDS server did not shut down in time; forcing');
        server.forceShutdown();
        resolve();
      }, graceMs);
      server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.logger.info('xDS server stopped');
  }

  /** Delta xDS is not served; say so plainly, so a misconfigured Envoy logs a useful reason. */
  protected rejectDelta(call: grpc.ServerDuplexStream<unknown, unknown>): void {
    this.logger.warn('rejecting a delta xDS stream: only state-of-the-world ADS is served');
    call.emit('error', {
      code: grpc.status.UNIMPLEMENTED,
      details: 'isobar serves state-of-the-world ADS only; configure api_type GRPC, not DELTA_GRPC',
    });
  }
}

/** gRPC wants IPv6 literals in brackets. */
export function hostPort(address: string, port: number): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]:${port}` : `${address}:${port}`;
}

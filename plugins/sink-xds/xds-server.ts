import * as grpc from '@grpc/grpc-js';
import { envoy, IsobarError, TypeUrl, type Logger } from '../../core/index.js';

/** A state-of-the-world stream: ADS, or one type's Stream* RPC. */
export type AdsCall = grpc.ServerDuplexStream<envoy.DiscoveryRequest, envoy.DiscoveryResponse>;
/** An incremental stream: DeltaAggregatedResources, or one type's Delta* RPC. */
export type DeltaCall = grpc.ServerDuplexStream<envoy.DeltaDiscoveryRequest, envoy.DeltaDiscoveryResponse>;

/** What the server hands each stream to; `onlyType` is set for the per-type services. */
export interface StreamHandlers {
  sotw(call: AdsCall, onlyType?: TypeUrl): void;
  delta(call: DeltaCall, onlyType?: TypeUrl): void;
}

/**
 * The per-type services, as Envoy uses them when its bootstrap has lds_config/cds_config with an
 * api_config_source instead of ADS. Their unary Fetch* (REST-style polling) methods are left
 * unimplemented: grpc-js answers UNIMPLEMENTED for them.
 */
const PER_TYPE_SERVICES = [
  { service: envoy.ClusterDiscoveryServiceService, type: TypeUrl.Cluster, sotw: 'streamClusters', delta: 'deltaClusters' },
  { service: envoy.EndpointDiscoveryServiceService, type: TypeUrl.ClusterLoadAssignment, sotw: 'streamEndpoints', delta: 'deltaEndpoints' },
  { service: envoy.SecretDiscoveryServiceService, type: TypeUrl.Secret, sotw: 'streamSecrets', delta: 'deltaSecrets' },
  { service: envoy.ListenerDiscoveryServiceService, type: TypeUrl.Listener, sotw: 'streamListeners', delta: 'deltaListeners' },
  { service: envoy.RouteDiscoveryServiceService, type: TypeUrl.RouteConfiguration, sotw: 'streamRoutes', delta: 'deltaRoutes' },
] as const;

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

/**
 * The gRPC server's lifecycle: listen, hand each stream (ADS or per-type, state of the world or delta)
 * to a handler, shut down. Nothing about xDS state.
 */
export class XdsServer {
  protected server: grpc.Server | undefined;
  protected boundPort: number | undefined;

  constructor(protected readonly logger: Logger) {}

  /** The port actually bound (useful when 0 was asked for); undefined while not listening. */
  get port(): number | undefined {
    return this.boundPort;
  }

  /** `credentials`: plaintext by default; see xds-tls.ts for mutual TLS. */
  async listen(address: string, port: number, handlers: StreamHandlers, credentials = grpc.ServerCredentials.createInsecure()): Promise<number> {
    if (this.server) throw new Error('xDS server already listening');
    const server = new grpc.Server(SERVER_OPTIONS);
    server.addService(envoy.AggregatedDiscoveryServiceService, {
      streamAggregatedResources: (call: AdsCall) => handlers.sotw(call),
      deltaAggregatedResources: (call: DeltaCall) => handlers.delta(call),
    });
    for (const s of PER_TYPE_SERVICES) {
      server.addService(s.service, {
        [s.sotw]: (call: AdsCall) => handlers.sotw(call, s.type),
        [s.delta]: (call: DeltaCall) => handlers.delta(call, s.type),
      });
    }
    const target = hostPort(address, port);
    try {
      this.boundPort = await new Promise<number>((resolve, reject) => {
        server.bindAsync(target, credentials, (err, bound) => (err ? reject(err) : resolve(bound)));
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
}

/** gRPC wants IPv6 literals in brackets. */
export function hostPort(address: string, port: number): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]:${port}` : `${address}:${port}`;
}

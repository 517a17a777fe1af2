import * as grpc from '@grpc/grpc-js';
import { inject, injectable } from 'inversify';
import { ConfigId, LoggerId, type envoy, type IsobarConfig, type Logger, type Sink, type Snapshot } from '../../core/index.js';
import { AdsStream, type AdsStreamStatus } from './ads-stream.js';
import { ClientRegistry, type XdsNodeStatus } from './client-registry.js';
import { SnapshotCache } from './snapshot-cache.js';
import { XdsServer, type AdsCall } from './xds-server.js';

/** What the status endpoint shows for the xDS sink. */
export interface XdsSinkStatus {
  address: string;
  /** The bound port; absent while not listening. */
  port?: number;
  /** Version of the snapshot being served; absent before the first publish. */
  snapshotVersion?: string;
  /** Open ADS streams, including those that have not yet sent a request. */
  streams: number;
  /** NACKs since start, including those of clients that have since gone. */
  nacksTotal: number;
  nodes: XdsNodeStatus[];
  streamDetails: AdsStreamStatus[];
}

/** Longest wait for clients to hang up on stop() before connections are cut. */
const MAX_SHUTDOWN_GRACE_MS = 5_000;

/**
 * The gRPC xDS sink: serves the latest published snapshot over ADS (state of the world) to Envoy and
 * other xDS clients. Nothing is sent before the first publish, so a client never sees an empty config.
 */
@injectable()
export class XdsSink implements Sink {
  readonly id = 'sink-xds';
  protected readonly log: Logger;
  protected readonly cache = new SnapshotCache();
  protected readonly registry = new ClientRegistry();
  protected readonly server: XdsServer;
  protected readonly streams = new Map<AdsStream, { call: AdsCall; unwatch: () => void }>();
  protected nextStreamId = 0;

  constructor(
    @inject(ConfigId) protected readonly config: IsobarConfig,
    @inject(LoggerId) protected readonly logger: Logger,
  ) {
    this.log = logger.child({ component: 'sink-xds' });
    this.server = new XdsServer(this.log);
  }

  /** The bound port (the real one when config.xds.port is 0); undefined while not listening. */
  get port(): number | undefined {
    return this.server.port;
  }

  async start(): Promise<void> {
    await this.server.listen(this.config.xds.address, this.config.xds.port, (call) => this.accept(call));
  }

  publish(snapshot: Snapshot): void {
    if (this.cache.set(snapshot)) this.log.debug({ version: snapshot.version, streams: this.streams.size }, 'snapshot published');
  }

  async stop(): Promise<void> {
    for (const [stream, { call }] of [...this.streams]) {
      this.release(stream);
      if (!call.writableEnded) call.end();
    }
    await this.server.shutdown(Math.min(this.config.shutdown.timeoutMs / 2, MAX_SHUTDOWN_GRACE_MS));
  }

  status(): XdsSinkStatus {
    const status: XdsSinkStatus = {
      address: this.config.xds.address,
      streams: this.streams.size,
      nacksTotal: this.registry.totalNacks,
      nodes: this.registry.status(),
      streamDetails: [...this.streams.keys()].map((s) => s.describe()),
    };
    if (this.port !== undefined) status.port = this.port;
    const snapshot = this.cache.latest();
    if (snapshot) status.snapshotVersion = snapshot.version;
    return status;
  }

  protected accept(call: AdsCall): void {
    const stream = new AdsStream({
      id: ++this.nextStreamId,
      snapshots: this.cache,
      registry: this.registry,
      logger: this.log,
      send: (response) => this.write(call, response),
    });
    const unwatch = this.cache.watch((snapshot) => this.guard(stream, call, () => stream.onSnapshot(snapshot)));
    this.streams.set(stream, { call, unwatch });
    this.log.debug({ stream: stream.id, peer: call.getPeer() }, 'ADS stream opened');

    call.on('data', (request: envoy.DiscoveryRequest) => this.guard(stream, call, () => stream.onRequest(request)));
    call.on('end', () => {
      // The client half-closed: finish our side too, with OK.
      this.release(stream);
      if (!call.writableEnded) call.end();
    });
    call.on('cancelled', () => this.release(stream));
    call.on('error', (err: Error) => {
      this.log.debug({ stream: stream.id, err: err.message }, 'ADS stream error');
      this.release(stream);
    });
    call.on('close', () => this.release(stream));
  }

  /** Forgets a stream: no more pushes, and its node's status entry goes when its last stream does. */
  protected release(stream: AdsStream): void {
    const entry = this.streams.get(stream);
    if (!entry) return;
    entry.unwatch();
    this.streams.delete(stream);
    stream.close();
    this.log.debug({ stream: stream.id, node: stream.nodeId }, 'ADS stream closed');
  }

  protected write(call: AdsCall, response: envoy.DiscoveryResponse): void {
    if (call.cancelled || call.writableEnded || call.destroyed) return;
    call.write(response);
  }

  /** A bug in handling one stream ends that stream, never the server or the other streams. */
  protected guard(stream: AdsStream, call: AdsCall, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err, stream: stream.id, node: stream.nodeId }, 'ADS stream failed; closing it');
      this.release(stream);
      call.emit('error', { code: grpc.status.INTERNAL, details: 'xDS server error' });
    }
  }
}

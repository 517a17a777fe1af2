import * as grpc from '@grpc/grpc-js';
import { inject, injectable, optional } from 'inversify';
import { ConfigId, DEFAULT_FLEET, LoggerId, MetricsId, type envoy, type Metrics, type IsobarConfig, type Logger, type Sink, type SinkFeedback, type Snapshot, TypeUrl } from '../../core/index.js';
import { AdsStream, type AdsStreamStatus } from './ads-stream.js';
import { ClientRegistry, type XdsNodeStatus } from './client-registry.js';
import { DeltaStream } from './delta-stream.js';
import { NodeStreams, type NodeStreamMember } from './node-streams.js';
import { SnapshotCache } from './snapshot-cache.js';
import { XdsMetrics } from './xds-metrics.js';
import { XdsServer, type AdsCall, type DeltaCall, type StreamHandlers } from './xds-server.js';
import { plaintextExposureWarning } from './plaintext-exposure.js';
import { loadXdsTls, xdsServerCredentials, type XdsTlsFiles } from './xds-tls.js';
import { streamTypeUrl, typeLabel } from './xds-types.js';

/** One stream as the status endpoint shows it, with how it speaks: "ADS", "delta ADS", "CDS", "delta EDS", …, and its node's fleet (absent: the default fleet). */
export type XdsStreamStatus = AdsStreamStatus & { protocol: string; fleet?: string };

/** What the sink needs of a stream, whichever protocol variant it speaks. */
interface ServedStream {
  readonly id: number;
  readonly nodeId: string | undefined;
  readonly fleet: string;
  onSnapshot(snapshot: Snapshot): void;
  describe(): AdsStreamStatus;
  close(): void;
}

type AnyCall = AdsCall | DeltaCall;

/** What the status endpoint shows for the xDS sink. */
export interface XdsSinkStatus {
  address: string;
  /** The bound port; absent while not listening. */
  port?: number;
  /** Version of the snapshot being served; absent before the first publish. */
  snapshotVersion?: string;
  /** Open streams (ADS and per-type, state of the world and delta), including those that have not yet sent a request. */
  streams: number;
  /** NACKs since start, including those of clients that have since gone. */
  nacksTotal: number;
  nodes: XdsNodeStatus[];
  streamDetails: XdsStreamStatus[];
}

/** Longest wait for clients to hang up on stop() before connections are cut. */
const MAX_SHUTDOWN_GRACE_MS = 5_000;

/**
 * The gRPC xDS sink: serves the latest published snapshot to Envoy and other xDS clients over ADS or the
 * per-type services, state of the world or incremental (delta). Nothing is sent before the first
 * publish, so a client never sees an empty config.
 */
@injectable()
export class XdsSink implements Sink {
  readonly id = 'sink-xds';
  protected readonly log: Logger;
  protected readonly cache = new SnapshotCache();
  protected readonly registry = new ClientRegistry();
  protected readonly server: XdsServer;
  protected readonly streams = new Map<ServedStream, { call: AnyCall; unwatch: () => void; protocol: string }>();
  protected nextStreamId = 0;
  /** Per fleet and node id, what orders its separate per-type state-of-the-world streams (make-before-break). */
  protected readonly nodes = new Map<string, NodeStreams>();
  protected warnedConfigSource = false;
  protected readonly metrics: XdsMetrics | undefined;

  constructor(
    @inject(ConfigId) protected readonly config: IsobarConfig,
    @inject(LoggerId) protected readonly logger: Logger,
    @inject(MetricsId) @optional() registry?: Metrics,
  ) {
    this.log = logger.child({ component: 'sink-xds' });
    this.metrics = registry ? new XdsMetrics(registry, () => this.registry.connectedNodes) : undefined;
    this.server = new XdsServer(this.log);
  }

  /** The bound port (the real one when config.xds.port is 0); undefined while not listening. */
  get port(): number | undefined {
    return this.server.port;
  }

  async start(): Promise<void> {
    // Read on every start, so a restart of the sink picks up new certificate files.
    const tls = loadXdsTls(this.config.xds.tls);
    if (tls) this.logTls(tls);
    const exposure = plaintextExposureWarning(this.config.xds.address, tls !== undefined);
    if (exposure) this.log.warn({ address: this.config.xds.address, port: this.config.xds.port }, exposure);
    const handlers: StreamHandlers = {
      sotw: (call, onlyType) => {
        this.checkConfigSource(onlyType);
        this.acceptSotw(call, onlyType);
      },
      delta: (call, onlyType) => {
        this.checkConfigSource(onlyType);
        this.acceptDelta(call, onlyType);
      },
    };
    await this.server.listen(this.config.xds.address, this.config.xds.port, handlers, xdsServerCredentials(tls));
  }

  protected logTls(tls: XdsTlsFiles): void {
    const { subject, subjectAltName, validTo } = tls.certificate;
    const fields = { subject, subjectAltName, validTo, caFile: this.config.xds.tls.caFile };
    if (new Date(validTo).getTime() < Date.now()) this.log.warn(fields, 'xDS server certificate has expired: clients will refuse it');
    else this.log.info(fields, 'xDS over mutual TLS: clients need a certificate signed by the CA');
  }

  feedback(listener: SinkFeedback): void {
    this.registry.feedback(listener);
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
      streamDetails: [...this.streams].map(([s, e]) => ({ ...s.describe(), protocol: e.protocol, ...(s.fleet === DEFAULT_FLEET ? {} : { fleet: s.fleet }) })),
    };
    if (this.port !== undefined) status.port = this.port;
    const snapshot = this.cache.latest();
    if (snapshot) status.snapshotVersion = snapshot.version;
    return status;
  }

  protected acceptSotw(call: AdsCall, onlyType?: TypeUrl): void {
    const protocol = protocolName(false, onlyType);
    const join = onlyType ? { join: (nodeId: string, fleet: string, member: NodeStreamMember) => this.joinNode(nodeId, fleet, member) } : {};
    const stream = new AdsStream({ ...this.streamOptions(), ...join, protocol, send: (response) => this.write(call, response) });
    this.attach(stream, call, protocol, (request: envoy.DiscoveryRequest) => {
      // A per-type stream serves its one type only; AdsStream itself serves whatever it is asked for.
      const typeUrl = streamTypeUrl(request.typeUrl, onlyType);
      if (typeUrl === undefined) this.log.debug({ stream: stream.id, typeUrl: request.typeUrl }, 'ignoring request for another type on a per-type stream');
      else stream.onRequest(typeUrl === request.typeUrl ? request : { ...request, typeUrl });
    });
  }

  /**
   * A per-type stream's node coordinator: created by its first stream, dropped when its last one closes.
   * Keyed by fleet too: streams of another fleet are served other views, so they are not one Envoy's.
   */
  protected joinNode(nodeId: string, fleet: string, member: NodeStreamMember): NodeStreams {
    const key = JSON.stringify([fleet, nodeId]);
    let node = this.nodes.get(key);
    if (!node) {
      const created = new NodeStreams(() => {
        if (this.nodes.get(key) === created) this.nodes.delete(key);
      });
      this.nodes.set(key, created);
      node = created;
    }
    node.add(member);
    return node;
  }

  protected acceptDelta(call: DeltaCall, onlyType?: TypeUrl): void {
    const stream = new DeltaStream({ ...this.streamOptions(), ...(onlyType ? { onlyType } : {}), send: (response) => this.write(call, response) });
    this.attach(stream, call, protocolName(true, onlyType), (request: envoy.DeltaDiscoveryRequest) => stream.onRequest(request));
  }

  /**
   * An Envoy on per-type LDS/CDS streams has no ADS stream, so resources that point at routes, endpoints
   * and secrets "over ADS" (xds.configSource 'ads') leave it waiting forever. Said once, loudly.
   */
  protected checkConfigSource(onlyType: TypeUrl | undefined): void {
    if (this.warnedConfigSource || (onlyType !== TypeUrl.Listener && onlyType !== TypeUrl.Cluster)) return;
    if ((this.config.xds.configSource ?? 'ads') !== 'ads') return;
    this.warnedConfigSource = true;
    this.log.warn(
      { type: typeLabel(onlyType) },
      "a client uses per-type xDS streams while xds.configSource is 'ads': Envoy cannot fetch routes, endpoints and secrets over ADS it does not have; set xds.configSource to 'grpc'",
    );
  }

  /** What every stream gets, whatever its protocol: a fresh id, the cache, the registry, logs and metrics. */
  protected streamOptions() {
    const options = { id: ++this.nextStreamId, snapshots: this.cache, registry: this.registry, logger: this.log };
    return this.metrics ? { ...options, metrics: this.metrics } : options;
  }

  /** Wires a stream to its call and to snapshot changes; the same for every protocol variant. */
  protected attach<Req>(stream: ServedStream, call: AnyCall, protocol: string, onRequest: (request: Req) => void): void {
    const unwatch = this.cache.watch((snapshot) => this.guard(stream, call, () => stream.onSnapshot(snapshot)));
    this.streams.set(stream, { call, unwatch, protocol });
    this.log.debug({ stream: stream.id, protocol, peer: call.getPeer() }, 'xDS stream opened');

    call.on('data', (request: Req) => this.guard(stream, call, () => onRequest(request)));
    call.on('end', () => {
      // The client half-closed: finish our side too, with OK.
      this.release(stream);
      if (!call.writableEnded) call.end();
    });
    call.on('cancelled', () => this.release(stream));
    call.on('error', (err: Error) => {
      this.log.debug({ stream: stream.id, err: err.message }, 'xDS stream error');
      this.release(stream);
    });
    call.on('close', () => this.release(stream));
  }

  /** Forgets a stream: no more pushes, and its node's status entry goes when its last stream does. */
  protected release(stream: ServedStream): void {
    const entry = this.streams.get(stream);
    if (!entry) return;
    entry.unwatch();
    this.streams.delete(stream);
    stream.close();
    this.log.debug({ stream: stream.id, node: stream.nodeId }, 'xDS stream closed');
  }

  protected write<Res>(call: grpc.ServerDuplexStream<unknown, Res>, response: Res): void {
    if (call.cancelled || call.writableEnded || call.destroyed) return;
    call.write(response);
  }

  /** A bug in handling one stream ends that stream, never the server or the other streams. */
  protected guard(stream: ServedStream, call: AnyCall, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err, stream: stream.id, node: stream.nodeId }, 'xDS stream failed; closing it');
      this.release(stream);
      call.emit('error', { code: grpc.status.INTERNAL, details: 'xDS server error' });
    }
  }
}

/** "ADS", "delta ADS", "CDS", "delta EDS", …: what the status endpoint and logs call a stream's protocol. */
function protocolName(delta: boolean, onlyType: TypeUrl | undefined): string {
  const name = onlyType ? typeLabel(onlyType) : 'ADS';
  return delta ? `delta ${name}` : name;
}

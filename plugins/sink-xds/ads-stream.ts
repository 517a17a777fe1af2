import { PUBLISH_ORDER, type envoy, type Logger, type Snapshot, type TypeUrl } from '../../core/index.js';
import type { ClientRegistry } from './client-registry.js';
import { nextSubscription, responseVersion, sameSubscription, selectResources, type Subscription } from './subscription.js';
import { isServedType, typeLabel } from './xds-types.js';

/** The one thing a stream needs from the cache. */
export interface SnapshotSource {
  latest(): Snapshot | undefined;
}

export interface AdsStreamOptions {
  /** Unique per server; prefixes nonces and appears in logs. */
  id: number;
  snapshots: SnapshotSource;
  registry: ClientRegistry;
  logger: Logger;
  send(response: envoy.DiscoveryResponse): void;
}

interface TypeState {
  subscription: Subscription;
  /** The last response sent for this type on this stream. */
  sent?: { version: string; nonce: string };
  /** The nonce whose ACK/NACK has been taken into account (later requests with it only resubscribe). */
  settledNonce?: string;
  ackedVersion?: string;
  nackedVersion?: string;
}

const UNKNOWN_NODE = '(unknown)';

/** One stream as the status endpoint shows it. */
export interface AdsStreamStatus {
  id: number;
  node: string | undefined;
  types: Record<string, { wildcard: boolean; names: number; sent?: string; acked?: string; nacked?: string }>;
}

/**
 * One ADS stream, state of the world. Per type it remembers what the client subscribed to and what
 * was last sent, ACKed or NACKed, and decides when a response is due: on the first request once a
 * snapshot exists, when the content for this client changes, or when its subscription changes.
 * It never resends a version the client rejected, so a bad config cannot cause a NACK loop.
 */
export class AdsStream {
  protected readonly types = new Map<TypeUrl, TypeState>();
  protected readonly unknownTypes = new Set<string>();
  protected readonly log: Logger;
  protected node: { id: string; cluster: string } | undefined;
  protected nonces = 0;
  protected closed = false;

  constructor(protected readonly options: AdsStreamOptions) {
    this.log = options.logger.child({ stream: options.id });
  }

  get id(): number {
    return this.options.id;
  }

  get nodeId(): string | undefined {
    return this.node?.id;
  }

  onRequest(request: envoy.DiscoveryRequest): void {
    if (this.closed) return;
    this.identify(request);
    const typeUrl = request.typeUrl;
    if (!isServedType(typeUrl)) {
      if (!this.unknownTypes.has(typeUrl)) {
        this.unknownTypes.add(typeUrl);
        this.log.debug({ node: this.node?.id, typeUrl }, 'ignoring request for a type this server does not serve');
      }
      return;
    }
    const state = this.types.get(typeUrl);
    if (state?.sent && request.responseNonce !== state.sent.nonce) {
      // An answer to a response that has since been superseded; the client will answer the newer one.
      this.log.debug({ type: typeLabel(typeUrl), nonce: request.responseNonce, latest: state.sent.nonce }, 'ignoring stale request');
      return;
    }
    const subscription = nextSubscription(typeUrl, state?.subscription, request.resourceNames);
    const resubscribed = state !== undefined && !sameSubscription(state.subscription, subscription);
    const current: TypeState = state ?? { subscription };
    current.subscription = subscription;
    this.types.set(typeUrl, current);
    if (current.sent && current.settledNonce !== current.sent.nonce) {
      current.settledNonce = current.sent.nonce;
      this.settle(typeUrl, current, current.sent.version, request);
    }
    // Before the first snapshot the request just waits: onSnapshot answers it.
    const snapshot = this.options.snapshots.latest();
    if (snapshot) this.respond(typeUrl, current, snapshot, resubscribed);
  }

  /** Pushes whatever changed for this client, referred-to types before the types that refer to them. */
  onSnapshot(snapshot: Snapshot): void {
    if (this.closed) return;
    for (const typeUrl of PUBLISH_ORDER) {
      const state = this.types.get(typeUrl);
      if (state) this.respond(typeUrl, state, snapshot, false);
    }
  }

  describe(): AdsStreamStatus {
    const types: AdsStreamStatus['types'] = {};
    for (const [typeUrl, s] of this.types) {
      const entry: AdsStreamStatus['types'][string] = { wildcard: s.subscription.wildcard, names: s.subscription.names.size };
      if (s.sent) entry.sent = s.sent.version;
      if (s.ackedVersion) entry.acked = s.ackedVersion;
      if (s.nackedVersion) entry.nacked = s.nackedVersion;
      types[typeLabel(typeUrl)] = entry;
    }
    return { id: this.options.id, node: this.node?.id, types };
  }

  /** Frees everything the stream held; idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.node) this.options.registry.streamClosed(this.node.id);
    this.types.clear();
    this.unknownTypes.clear();
  }

  protected identify(request: envoy.DiscoveryRequest): void {
    if (this.node) return;
    // Only the first request of a stream has to carry the node.
    this.node = { id: request.node?.id || UNKNOWN_NODE, cluster: request.node?.cluster ?? '' };
    this.options.registry.streamOpened(this.node.id, this.node.cluster);
    this.log.info({ node: this.node.id, cluster: this.node.cluster }, 'xDS client connected');
  }

  protected settle(typeUrl: TypeUrl, state: TypeState, version: string, request: envoy.DiscoveryRequest): void {
    const nodeId = this.node?.id ?? UNKNOWN_NODE;
    if (request.errorDetail) {
      state.nackedVersion = version;
      const message = request.errorDetail.message;
      this.options.registry.nacked(nodeId, typeUrl, version, message);
      this.log.warn(
        { node: nodeId, type: typeLabel(typeUrl), version, appliedVersion: request.versionInfo, message },
        'xDS client rejected config (NACK)',
      );
      return;
    }
    state.ackedVersion = version;
    this.options.registry.acked(nodeId, typeUrl, version);
    this.log.debug({ node: nodeId, type: typeLabel(typeUrl), version }, 'ACK');
  }

  protected respond(typeUrl: TypeUrl, state: TypeState, snapshot: Snapshot, resubscribed: boolean): void {
    const resources = selectResources(snapshot.resources.get(typeUrl), state.subscription);
    const version = responseVersion(resources);
    if (state.sent) {
      const changed = version !== state.sent.version;
      // New names with unchanged content still get an answer (the client waits for one), unless the
      // answer would be the very version it rejected.
      const answerResubscription = resubscribed && version !== state.nackedVersion;
      if (!changed && !answerResubscription) return;
    }
    const nonce = `${this.options.id}-${++this.nonces}`;
    state.sent = { version, nonce };
    this.log.debug({ node: this.node?.id, type: typeLabel(typeUrl), version, nonce, count: resources.length }, 'sending');
    this.options.send({
      versionInfo: version,
      resources: resources.map((r) => r.resource),
      canary: false,
      typeUrl,
      nonce,
      controlPlane: undefined,
    });
  }
}

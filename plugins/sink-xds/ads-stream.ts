import { PUBLISH_ORDER, TypeUrl, type envoy, type Logger, type Snapshot, type SnapshotResource } from '../../core/index.js';
import type { ClientRegistry } from './client-registry.js';
import type { NodeStreamMember, NodeStreams } from './node-streams.js';
import { ClusterSequencer, DEPENDENTS, type TypeState } from './make-before-break.js';
import { needsFullState, nextSubscription, responseVersion, sameSubscription, selectResources, withRetained } from './subscription.js';
import type { XdsMetrics } from './xds-metrics.js';
import { XdsStreamBase } from './xds-stream-base.js';
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
  /** Prometheus series for responses, NACKs and open streams; none when absent. */
  metrics?: XdsMetrics;
  /** "ADS", or the one type of a per-type stream ("CDS", …), for the connect log line. */
  protocol?: string;
  /** Per-type streams: joins the coordinator shared by the node's per-type streams (of its fleet), once the node is known. */
  join?: (nodeId: string, fleet: string, stream: NodeStreamMember) => NodeStreams;
}

/** One stream as the status endpoint shows it. */
export interface AdsStreamStatus {
  id: number;
  node: string | undefined;
  types: Record<string, { wildcard: boolean; names: number; sent?: string; acked?: string; nacked?: string }>;
  /** Listener/route updates are held until newly added clusters are in place. */
  holdingForClusters?: boolean;
  /** Removed clusters are still served until listeners and routes that used them are ACKed. */
  retainingClusters?: boolean;
}

/**
 * One ADS stream, state of the world. Per type it remembers what the client subscribed to, holds, and
 * last ACKed or NACKed, and sends only what changed (EDS/RDS/SDS: only changed resources; LDS/CDS: the
 * full set, only when it changed). It never resends a version the client rejected.
 * Ordering (make-before-break) is ClusterSequencer's.
 */
export class AdsStream extends XdsStreamBase implements NodeStreamMember {
  protected readonly types = new Map<TypeUrl, TypeState>();
  protected readonly unknownTypes = new Set<string>();
  protected sequencer = new ClusterSequencer(this.types);
  /** The node's per-type streams together, when this is one of them. */
  protected node: NodeStreams | undefined;

  constructor(protected readonly options: AdsStreamOptions) {
    super(options, options.protocol ?? 'ADS');
  }

  onRequest(request: envoy.DiscoveryRequest): void {
    if (this.closed) return;
    this.client.identify(request.node);
    // Only a named node: streams without a node id are not known to be one Envoy's.
    if (!this.node && this.options.join && request.node?.id) {
      this.node = this.options.join(request.node.id, this.fleet, this);
      this.sequencer = this.node.sequencer;
    }
    const typeUrl = request.typeUrl;
    if (!isServedType(typeUrl)) {
      if (!this.unknownTypes.has(typeUrl)) {
        this.unknownTypes.add(typeUrl);
        this.log.debug({ node: this.client.nodeId, typeUrl }, 'ignoring request for a type this server does not serve');
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
    const current: TypeState = state ?? { subscription, held: new Map(), owed: new Set() };
    current.subscription = subscription;
    this.types.set(typeUrl, current);
    // A by-name client forgets what it no longer asks for; asked for again, it must be sent again.
    if (resubscribed && !subscription.wildcard) for (const n of current.held.keys()) if (!subscription.names.has(n)) current.held.delete(n);
    if (current.sent && current.settledNonce !== current.sent.nonce) {
      current.settledNonce = current.sent.nonce;
      this.settle(typeUrl, current, current.sent.version, request);
    }
    // Before the first snapshot the request just waits: onSnapshot answers it.
    const latest = this.options.snapshots.latest();
    if (!latest) return;
    const snapshot = this.view(latest);
    this.respond(typeUrl, current, snapshot, resubscribed);
    this.advance(snapshot);
  }

  /** Pushes whatever changed for this client, referred-to types before the types that refer to them. */
  onSnapshot(published: Snapshot): void {
    if (this.closed) return;
    const snapshot = this.view(published);
    if (this.node) {
      this.node.onSnapshot(snapshot); // the node's streams together, in publish order
      return;
    }
    for (const typeUrl of PUBLISH_ORDER) {
      const state = this.types.get(typeUrl);
      if (state) this.respond(typeUrl, state, snapshot, false);
    }
    this.advance(snapshot);
  }

  stateOf(typeUrl: TypeUrl): TypeState | undefined {
    return this.types.get(typeUrl);
  }

  respondTo(typeUrl: TypeUrl, snapshot: Snapshot): void {
    const state = this.types.get(typeUrl);
    if (state && !this.closed) this.respond(typeUrl, state, snapshot, false);
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
    const status: AdsStreamStatus = { id: this.options.id, node: this.client.nodeId, types };
    if (this.sequencer.holding) status.holdingForClusters = true;
    if (this.types.get(TypeUrl.Cluster)?.retaining) status.retainingClusters = true;
    return status;
  }

  /** Frees everything the stream held; idempotent. */
  close(): void {
    if (!this.closeOnce()) return;
    this.types.clear();
    this.unknownTypes.clear();
    // A node's shared sequencer stays with its other streams (a CDS stream that comes back releases it).
    if (this.node) this.node.leave(this);
    else this.sequencer.clear();
  }

  protected settle(typeUrl: TypeUrl, state: TypeState, version: string, request: envoy.DiscoveryRequest): void {
    if (request.errorDetail) {
      state.nackedVersion = version;
      // What a rejected partial response carried is not known to be held: the next change carries it again.
      if (!needsFullState(typeUrl)) for (const n of state.sent?.names ?? []) state.held.delete(n);
      this.client.nacked(typeUrl, version, request.errorDetail.message, { appliedVersion: request.versionInfo }, state.sent?.items);
      this.options.metrics?.nack(typeUrl);
      return;
    }
    state.ackedVersion = version;
    this.client.acked(typeUrl, version, state.sent?.items);
  }

  /** After any event: release held LDS/RDS once new clusters are in place; drop retained clusters once unused. */
  protected advance(snapshot: Snapshot): void {
    if (this.node) this.node.advance(snapshot);
    else this.advanceLocal(snapshot, this.sequencer.release(snapshot));
  }

  advanceLocal(snapshot: Snapshot, released: boolean): void {
    if (this.closed) return;
    if (released) {
      this.log.debug({ node: this.client.nodeId }, 'new clusters in place; releasing listeners and routes');
      for (const t of DEPENDENTS) {
        const s = this.types.get(t);
        if (!s) continue;
        const answer = s.owesAnswer === true;
        s.owesAnswer = false;
        this.respond(t, s, snapshot, answer);
      }
    }
    const cds = this.types.get(TypeUrl.Cluster);
    if (cds?.retaining) this.respond(TypeUrl.Cluster, cds, snapshot, false);
  }

  protected respond(typeUrl: TypeUrl, state: TypeState, snapshot: Snapshot, resubscribed: boolean): void {
    if (this.sequencer.holds(typeUrl)) {
      if (resubscribed) state.owesAnswer = true;
      return;
    }
    let selected = selectResources(snapshot.resources.get(typeUrl), state.subscription);
    let retaining = false;
    if (typeUrl === TypeUrl.Cluster && !this.sequencer.dependentsCurrent(snapshot)) {
      const r = withRetained(selected, state.held, state.subscription);
      selected = r.resources;
      retaining = r.retained > 0;
    }
    if (typeUrl === TypeUrl.Cluster) state.retaining = retaining;
    const version = responseVersion(selected);
    const full = needsFullState(typeUrl);
    const payload = full ? selected : selected.filter((r) => state.held.get(r.name)?.version !== r.version || state.owed.has(r.name));
    if (state.sent) {
      const changed = version !== state.sent.version;
      // New names with unchanged content still get an answer (the client waits for one), unless the
      // answer would be the very version it rejected.
      const answerResubscription = resubscribed && version !== state.nackedVersion;
      const owed = !full && payload.some((r) => state.owed.has(r.name));
      if (!changed && !answerResubscription && !owed) return;
      // Nothing the client lacks (e.g. only a resource it still holds left the snapshot): nothing to say.
      if (!full && payload.length === 0 && !answerResubscription) return;
    }
    if (typeUrl === TypeUrl.Cluster) this.sequencer.clustersSending(selected, state.held);
    if (typeUrl === TypeUrl.ClusterLoadAssignment) this.sequencer.endpointsSending(payload.map((r) => r.name));
    const nonce = this.nextNonce();
    state.sent = { version, nonce, names: payload.map((r) => r.name), items: payload.map((r) => ({ name: r.name, version: r.version })) };
    if (full) state.held = new Map(selected.map((r) => [r.name, r]));
    else for (const r of payload) state.held.set(r.name, r);
    state.owed.clear();
    this.transmit(typeUrl, version, nonce, payload);
  }

  protected transmit(typeUrl: TypeUrl, version: string, nonce: string, resources: readonly SnapshotResource[]): void {
    let bytes = 0;
    for (const r of resources) bytes += r.resource.value.length;
    this.log.debug({ node: this.client.nodeId, type: typeLabel(typeUrl), version, nonce, count: resources.length, bytes }, 'sending');
    this.options.metrics?.response(typeUrl, resources.length, bytes);
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

import { PUBLISH_ORDER, TypeUrl, type envoy, type Logger, type ResourceVersion, type Snapshot, type SnapshotResource } from '../../core/index.js';
import type { AdsStreamStatus, SnapshotSource } from './ads-stream.js';
import type { ClientRegistry } from './client-registry.js';
import { edsNamesOf } from './cluster-refs.js';
import { CLUSTER_DEPENDENTS, DeltaClusterGate } from './delta-cluster-gate.js';
import { ABSENT, applyDeltaRequest, deltaChanges, openDeltaSubscription, recordSent, type DeltaChanges, type DeltaSubscription } from './delta-subscription.js';
import { XdsStreamBase } from './xds-stream-base.js';
import type { XdsMetrics } from './xds-metrics.js';
import { isServedType, streamTypeUrl, typeLabel } from './xds-types.js';

export interface DeltaStreamOptions {
  /** Unique per server; prefixes nonces and appears in logs. */
  id: number;
  snapshots: SnapshotSource;
  registry: ClientRegistry;
  logger: Logger;
  send(response: envoy.DeltaDiscoveryResponse): void;
  /** Prometheus series for responses, NACKs and open streams; none when absent. */
  metrics?: XdsMetrics;
  /** Per-type services: the one type this stream serves (requests may leave type_url empty). */
  onlyType?: TypeUrl;
}

interface TypeState {
  sub: DeltaSubscription;
  /** Responses not yet ACKed or NACKed, by nonce: the version each one brought the client to. */
  /** Nonce → the version and resources of a response not answered yet. */
  pending: Map<string, { version: string; items: ResourceVersion[] }>;
  /** The first request still waits for an answer (sent even when empty, so the client can finish initialising). */
  owesAnswer: boolean;
  sent?: string;
  acked?: string;
  nacked?: string;
}

/** A client that never answers must not make a stream grow without bound. */
const MAX_PENDING = 64;

/**
 * One incremental (delta) xDS stream, ADS or one type. Per type it tracks the subscription and the
 * versions the client holds, and sends only resources whose version differs plus the names that went
 * away. What was sent counts as held, so a NACKed version is never sent again (no NACK loop); the next
 * change to that resource is. Unlike state of the world, a request answering an old nonce still
 * carries subscription changes, so every request is applied.
 */
export class DeltaStream extends XdsStreamBase {
  protected readonly types = new Map<TypeUrl, TypeState>();
  protected readonly ignoredTypes = new Set<string>();
  protected readonly gate = new DeltaClusterGate();

  constructor(protected readonly options: DeltaStreamOptions) {
    super(options, options.onlyType ? `delta ${typeLabel(options.onlyType)}` : 'delta ADS');
  }

  onRequest(request: envoy.DeltaDiscoveryRequest): void {
    if (this.closed) return;
    this.client.identify(request.node);
    const typeUrl = streamTypeUrl(request.typeUrl, this.options.onlyType);
    if (typeUrl === undefined || !isServedType(typeUrl)) {
      if (!this.ignoredTypes.has(request.typeUrl)) {
        this.ignoredTypes.add(request.typeUrl);
        this.log.debug({ node: this.nodeId, typeUrl: request.typeUrl }, 'ignoring delta request for a type this stream does not serve');
      }
      return;
    }
    const names = {
      subscribe: request.resourceNamesSubscribe,
      unsubscribe: request.resourceNamesUnsubscribe,
      initialVersions: request.initialResourceVersions,
    };
    let state = this.types.get(typeUrl);
    if (!state) {
      state = { sub: openDeltaSubscription(typeUrl, names), pending: new Map(), owesAnswer: Object.keys(names.initialVersions).length === 0 };
      this.types.set(typeUrl, state);
    } else {
      applyDeltaRequest(typeUrl, state.sub, names);
    }
    if (request.responseNonce) this.settle(typeUrl, state, request);
    // Before the first snapshot the request just waits: onSnapshot answers it.
    const snapshot = this.options.snapshots.latest();
    if (snapshot) this.push(this.view(snapshot));
  }

  onSnapshot(snapshot: Snapshot): void {
    if (!this.closed) this.push(this.view(snapshot));
  }

  describe(): AdsStreamStatus {
    const types: AdsStreamStatus['types'] = {};
    for (const [typeUrl, s] of this.types) {
      const entry: AdsStreamStatus['types'][string] = { wildcard: s.sub.wildcard, names: s.sub.names.size };
      if (s.sent) entry.sent = s.sent;
      if (s.acked) entry.acked = s.acked;
      if (s.nacked) entry.nacked = s.nacked;
      types[typeLabel(typeUrl)] = entry;
    }
    const status: AdsStreamStatus = { id: this.options.id, node: this.nodeId, types };
    if (this.gate.holding) status.holdingForClusters = true;
    return status;
  }

  /** Frees everything the stream held; idempotent. */
  close(): void {
    if (!this.closeOnce()) return;
    this.types.clear();
    this.ignoredTypes.clear();
    this.gate.clear();
  }

  protected settle(typeUrl: TypeUrl, state: TypeState, request: envoy.DeltaDiscoveryRequest): void {
    const sent = state.pending.get(request.responseNonce);
    // Unknown or already settled: a follow-up request that only changes the subscription.
    if (sent === undefined) return;
    const { version, items } = sent;
    state.pending.delete(request.responseNonce);
    if (typeUrl === TypeUrl.Cluster) this.gate.cdsAnswered(request.responseNonce, request.errorDetail !== undefined);
    if (request.errorDetail) {
      state.nacked = version;
      this.client.nacked(typeUrl, version, request.errorDetail.message, { nonce: request.responseNonce }, items);
      this.options.metrics?.nack(typeUrl);
      return;
    }
    state.acked = version;
    this.client.acked(typeUrl, version, items);
  }

  /** Sends what changed for this client, referred-to types before the types that refer to them. */
  protected push(snapshot: Snapshot): void {
    for (const typeUrl of PUBLISH_ORDER) {
      const state = this.types.get(typeUrl);
      if (state) this.respond(typeUrl, state, snapshot);
    }
    if (!this.gate.release(snapshot)) return;
    this.log.debug({ node: this.nodeId }, 'new clusters in place; releasing listeners and routes');
    for (const typeUrl of CLUSTER_DEPENDENTS) {
      const state = this.types.get(typeUrl);
      if (state) this.respond(typeUrl, state, snapshot);
    }
  }

  protected respond(typeUrl: TypeUrl, state: TypeState, snapshot: Snapshot): void {
    if (this.gate.holds(typeUrl)) return;
    const changes = deltaChanges(snapshot.resources.get(typeUrl), state.sub);
    if (changes.updated.length === 0 && changes.removed.length === 0 && !state.owesAnswer) return;
    state.owesAnswer = false;
    const isNew = (name: string) => [undefined, ABSENT].includes(state.sub.known.get(name));
    const added = changes.updated.filter((r) => isNew(r.name));
    recordSent(state.sub, changes);
    const nonce = this.nextNonce('d');
    state.pending.set(nonce, { version: changes.version, items: changes.updated.map((r) => ({ name: r.name, version: r.version })) });
    if (state.pending.size > MAX_PENDING) state.pending.delete(state.pending.keys().next().value!);
    state.sent = changes.version;
    if (typeUrl === TypeUrl.Cluster) this.clustersSent(nonce, changes, added);
    if (typeUrl === TypeUrl.ClusterLoadAssignment) this.gate.endpointsSent(changes.updated.map((r) => r.name));
    this.log.debug(
      { node: this.nodeId, type: typeLabel(typeUrl), version: changes.version, nonce, updated: changes.updated.length, removed: changes.removed.length },
      'sending delta',
    );
    const bytes = changes.updated.reduce((n, r) => n + r.resource.value.length, 0);
    this.options.metrics?.response(typeUrl, changes.updated.length, bytes);
    this.options.send({
      systemVersionInfo: changes.version,
      resources: changes.updated.map((r) => ({ name: r.name, version: r.version, resource: r.resource, aliases: [] })),
      typeUrl,
      removedResources: changes.removed,
      removedResourceNames: [],
      nonce,
      controlPlane: undefined,
    });
  }

  /**
   * After a CDS response: a cluster (re-)created warms only on an EDS answer, and the client asks for
   * nothing new when it already subscribes to the assignment's name (a changed cluster, or a new variant
   * sharing a service's endpoints): such assignments go out again even if unchanged. New clusters hold
   * listeners and routes back until they are in place (the gate).
   */
  protected clustersSent(nonce: string, changes: DeltaChanges, added: readonly SnapshotResource[]): void {
    const eds = this.types.get(TypeUrl.ClusterLoadAssignment);
    if (eds) for (const n of edsNamesOf(changes.updated)) if (eds.sub.names.has(n)) eds.sub.known.delete(n);
    const live = CLUSTER_DEPENDENTS.some((t) => this.types.get(t)?.sent !== undefined);
    this.gate.clustersSent(nonce, added, live, eds !== undefined);
  }
}

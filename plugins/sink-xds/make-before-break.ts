import { TypeUrl, type ResourceVersion, type Snapshot, type SnapshotResource } from '../../core/index.js';
import { edsNamesOf } from './cluster-refs.js';
import { changedResources, responseVersion, selectResources, type Held, type Subscription } from './subscription.js';

/** One stream's state for one type. */
export interface TypeState {
  subscription: Subscription;
  /** The last response sent for this type on this stream; `version` covers everything the client should hold. */
  sent?: { version: string; nonce: string; names: string[]; items?: ResourceVersion[] };
  /** The nonce whose ACK/NACK has been taken into account (later requests with it only resubscribe). */
  settledNonce?: string;
  ackedVersion?: string;
  nackedVersion?: string;
  /** What the client holds from our responses, by name. */
  held: Held;
  /** Names the next response must carry even though the client holds them (EDS of re-created clusters). */
  owed: Set<string>;
  /** A resubscription arrived while this type was held back; it is answered on release. */
  owesAnswer?: boolean;
  /** CDS: the last response kept clusters the snapshot dropped, for routes that may still use them. */
  retaining?: boolean;
}

/** Where a sequencer finds each type's state: one stream's map, or a node's per-type streams together. */
export type TypeStates = Pick<ReadonlyMap<TypeUrl, TypeState>, 'get'>;

/** The types whose resources refer to clusters: held back for new clusters, and keeping old ones alive. */
export const DEPENDENTS: readonly TypeUrl[] = [TypeUrl.Listener, TypeUrl.RouteConfiguration];

/**
 * Make-before-break for one stream (or, through NodeStreams, one node's per-type streams), after the xDS protocol's "Eventual consistency considerations":
 * CDS first, EDS after it, then LDS and RDS; "routes are not warmed, i.e., the management plane must
 * ensure that clusters referenced by a route are in place, before pushing the updates for a route";
 * stale clusters are removed last.
 *
 * - When a client that already has listeners or routes gets new clusters, LDS/RDS are held until CDS
 *   is ACKed (or NACKed: nothing would warm then) and the new clusters' ClusterLoadAssignments are sent.
 * - Clusters the snapshot drops stay in CDS until the client has ACKed listeners and routes at the
 *   snapshot's content; the next CDS then leaves them out.
 * - A cluster CDS re-creates (added or changed) warms only on an EDS answer, so its assignment is owed
 *   to it even if unchanged: it is never left warming for lack of an EDS response.
 */
export class ClusterSequencer {
  /** ClusterLoadAssignments the held LDS/RDS wait for; undefined when nothing is held. */
  protected gate: Set<string> | undefined;

  constructor(protected readonly types: TypeStates) {}

  get holding(): boolean {
    return this.gate !== undefined;
  }

  holds(typeUrl: TypeUrl): boolean {
    return this.gate !== undefined && DEPENDENTS.includes(typeUrl);
  }

  /** True (once) when the held LDS/RDS may go. */
  release(snapshot: Snapshot): boolean {
    if (!this.gate) return false;
    const cds = this.types.get(TypeUrl.Cluster);
    if (!cds?.sent || cds.settledNonce !== cds.sent.nonce) return false;
    if (cds.nackedVersion !== cds.sent.version) {
      const endpoints = snapshot.resources.get(TypeUrl.ClusterLoadAssignment)?.items;
      for (const n of this.gate) if (!endpoints?.has(n)) this.gate.delete(n); // nothing to wait for
      if (this.gate.size > 0) return false;
    }
    this.gate = undefined;
    return true;
  }

  /** Listeners and routes are ACKed at the snapshot's content, so nothing refers to dropped clusters any more. */
  dependentsCurrent(snapshot: Snapshot): boolean {
    if (this.gate) return false;
    for (const t of DEPENDENTS) {
      const s = this.types.get(t);
      if (!s?.sent) continue; // never sent: the client has nothing that could refer to a cluster
      if (s.settledNonce !== s.sent.nonce || s.ackedVersion !== s.sent.version) return false;
      if (responseVersion(selectResources(snapshot.resources.get(t), s.subscription)) !== s.sent.version) return false;
    }
    return true;
  }

  /** Called with the clusters about to be sent and what the client held before. */
  clustersSending(clusters: readonly SnapshotResource[], held: ReadonlyMap<string, SnapshotResource>): void {
    const recreated = changedResources(clusters, held);
    if (recreated.length === 0) return;
    const eds = this.types.get(TypeUrl.ClusterLoadAssignment);
    const live = DEPENDENTS.some((t) => this.types.get(t)?.sent !== undefined);
    if (!eds && !live) return;
    if (eds) for (const n of edsNamesOf(recreated)) if (eds.subscription.names.has(n)) eds.owed.add(n);
    const added = recreated.filter((r) => !held.has(r.name));
    if (!live || added.length === 0) return;
    this.gate ??= new Set();
    // Endpoints are awaited only from a stream that carries EDS: a client that fetches them on another
    // stream (per-type config sources) is released by the CDS answer alone, never held forever.
    if (eds) for (const n of edsNamesOf(added)) this.gate.add(n);
  }

  endpointsSending(names: readonly string[]): void {
    if (this.gate) for (const n of names) this.gate.delete(n);
  }

  clear(): void {
    this.gate = undefined;
  }
}

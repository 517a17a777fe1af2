import { PUBLISH_ORDER, type Snapshot, type TypeUrl } from '../../core/index.js';
import { ClusterSequencer, type TypeState, type TypeStates } from './make-before-break.js';

/** What NodeStreams needs of a per-type state-of-the-world stream. */
export interface NodeStreamMember {
  stateOf(typeUrl: TypeUrl): TypeState | undefined;
  /** Answers `typeUrl` from `snapshot` if it changed (never while held back). */
  respondTo(typeUrl: TypeUrl, snapshot: Snapshot): void;
  /** Sends held listeners/routes once `released`, and drops retained clusters once unused. */
  advanceLocal(snapshot: Snapshot, released: boolean): void;
}

/**
 * Make-before-break across the separate per-type state-of-the-world streams of one node (an Envoy with
 * lds_config/cds_config and, for the rest, per-type config sources): one ClusterSequencer sees the
 * node's types as one stream would, whichever stream carries each, so an RDS/LDS update waits for the
 * CDS ACK (and EDS) of another stream, and removed clusters stay until the other streams' ACKs.
 */
export class NodeStreams {
  protected readonly members = new Set<NodeStreamMember>();
  protected lastSnapshot: Snapshot | undefined;
  readonly sequencer: ClusterSequencer;

  constructor(protected readonly onEmpty: () => void) {
    const view: TypeStates = { get: (t) => this.stateOf(t) };
    this.sequencer = new ClusterSequencer(view);
  }

  add(member: NodeStreamMember): void {
    this.members.add(member);
  }

  /** A member stream closed; the last one to go drops the coordinator. */
  leave(member: NodeStreamMember): void {
    if (!this.members.delete(member)) return;
    if (this.members.size === 0) this.onEmpty();
  }

  /** A type's state on the node's stream that carries it (the first, should a node open two). */
  stateOf(typeUrl: TypeUrl): TypeState | undefined {
    for (const m of this.members) {
      const s = m.stateOf(typeUrl);
      if (s) return s;
    }
    return undefined;
  }

  /** Every member's watcher reports the same snapshot: the first one pushes it to all, in publish order. */
  onSnapshot(snapshot: Snapshot): void {
    if (this.lastSnapshot === snapshot) return;
    this.lastSnapshot = snapshot;
    for (const typeUrl of PUBLISH_ORDER) for (const m of this.members) m.respondTo(typeUrl, snapshot);
    this.advance(snapshot);
  }

  /** After any event on any member. */
  advance(snapshot: Snapshot): void {
    const released = this.sequencer.release(snapshot);
    for (const m of [...this.members]) m.advanceLocal(snapshot, released);
  }
}

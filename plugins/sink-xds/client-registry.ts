import { compareStrings, DEFAULT_FLEET, type ResourceVersion, type SinkFeedback } from '../../core/index.js';
import { typeLabel } from './xds-types.js';

export interface NackRecord {
  /** Short type name (CDS, EDS, SDS, LDS, RDS). */
  type: string;
  /** The version the client rejected. */
  version: string;
  /** The client's own explanation (Envoy's error_detail.message). */
  message: string;
  at: string;
}

/** What the status endpoint shows for one node id. */
export interface XdsNodeStatus {
  id: string;
  cluster: string;
  /** The fleet the node is served as (node metadata `isobar.io/fleet`); absent: the default fleet. */
  fleet?: string;
  /** Streams currently open for this node. */
  streams: number;
  /** Last version the node ACKed, by short type name. */
  acked: Record<string, string>;
  nacks: number;
  nacksByType: Record<string, number>;
  lastNack?: NackRecord;
}

interface NodeEntry {
  cluster: string;
  fleet: string;
  streams: number;
  acked: Map<string, string>;
  nacks: Map<string, number>;
  lastNack?: NackRecord;
}

/**
 * Per-node bookkeeping for the status endpoint: who is connected, what they accepted and what they
 * rejected. A node's entry lives while it has an open stream, so departed clients cost nothing.
 */
export class ClientRegistry {
  protected readonly nodes = new Map<string, NodeEntry>();
  protected nackTotal = 0;
  protected readonly listeners: SinkFeedback[] = [];

  /** Every ACK and NACK, with the resources of the response it answers, goes to `listener` too. */
  feedback(listener: SinkFeedback): void {
    this.listeners.push(listener);
  }

  /** Nodes with at least one open stream. */
  get connectedNodes(): number {
    return this.nodes.size;
  }

  /** The node's first stream sets its cluster and fleet. */
  streamOpened(nodeId: string, cluster: string, fleet = DEFAULT_FLEET): void {
    const entry = this.nodes.get(nodeId);
    if (entry) {
      entry.streams++;
      return;
    }
    this.nodes.set(nodeId, { cluster, fleet, streams: 1, acked: new Map(), nacks: new Map() });
  }

  streamClosed(nodeId: string): void {
    const entry = this.nodes.get(nodeId);
    if (!entry) return;
    entry.streams--;
    if (entry.streams <= 0) this.nodes.delete(nodeId);
  }

  acked(nodeId: string, typeUrl: string, version: string, resources: readonly ResourceVersion[] = []): void {
    this.nodes.get(nodeId)?.acked.set(typeLabel(typeUrl), version);
    for (const l of this.listeners) l.accepted(typeUrl, resources);
  }

  nacked(nodeId: string, typeUrl: string, version: string, message: string, at = new Date(), resources: readonly ResourceVersion[] = []): void {
    this.nackTotal++;
    for (const l of this.listeners) l.rejected(typeUrl, resources, message, nodeId);
    const entry = this.nodes.get(nodeId);
    if (!entry) return;
    const type = typeLabel(typeUrl);
    entry.nacks.set(type, (entry.nacks.get(type) ?? 0) + 1);
    entry.lastNack = { type, version, message, at: at.toISOString() };
  }

  /** NACKs seen since start, including those of nodes that have gone. */
  get totalNacks(): number {
    return this.nackTotal;
  }

  status(): XdsNodeStatus[] {
    return [...this.nodes.entries()]
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([id, e]) => {
        const node: XdsNodeStatus = {
          id,
          cluster: e.cluster,
          ...(e.fleet === DEFAULT_FLEET ? {} : { fleet: e.fleet }),
          streams: e.streams,
          acked: Object.fromEntries(e.acked),
          nacks: [...e.nacks.values()].reduce((a, b) => a + b, 0),
          nacksByType: Object.fromEntries(e.nacks),
        };
        if (e.lastNack) node.lastNack = { ...e.lastNack };
        return node;
      });
  }
}

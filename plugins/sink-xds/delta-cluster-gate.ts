import { TypeUrl, type Snapshot, type SnapshotResource } from '../../core/index.js';
import { edsNamesOf } from './cluster-refs.js';

/** The types whose resources refer to clusters, and so wait for new clusters to be in place. */
export const CLUSTER_DEPENDENTS: readonly TypeUrl[] = [TypeUrl.Listener, TypeUrl.RouteConfiguration];

/**
 * Make-before-break for one delta stream, after the xDS protocol's "Eventual consistency
 * considerations": routes are not warmed, so clusters they refer to must be in place before routes
 * arrive. When a client that already has listeners or routes gets new clusters, LDS and RDS are held
 * until the client has answered that CDS response and the new clusters' ClusterLoadAssignments have
 * been sent (when they exist and travel on this stream). A NACKed CDS releases them: nothing would
 * warm then.
 */
export class DeltaClusterGate {
  protected gate: { nonce: string; endpoints: Set<string>; answered: boolean; rejected: boolean } | undefined;

  get holding(): boolean {
    return this.gate !== undefined;
  }

  holds(typeUrl: TypeUrl): boolean {
    return this.gate !== undefined && CLUSTER_DEPENDENTS.includes(typeUrl);
  }

  /**
   * A CDS response went out with `added` clusters the client did not have. `live`: the client already
   * holds listeners or routes; `endpointsHere`: its EDS subscription is on this stream.
   */
  clustersSent(nonce: string, added: readonly SnapshotResource[], live: boolean, endpointsHere: boolean): void {
    if (!live || added.length === 0) return;
    const endpoints = this.gate?.endpoints ?? new Set<string>();
    if (endpointsHere) for (const n of edsNamesOf(added)) endpoints.add(n);
    this.gate = { nonce, endpoints, answered: false, rejected: false };
  }

  endpointsSent(names: readonly string[]): void {
    if (this.gate) for (const n of names) this.gate.endpoints.delete(n);
  }

  cdsAnswered(nonce: string, rejected: boolean): void {
    if (this.gate?.nonce !== nonce) return;
    this.gate.answered = true;
    this.gate.rejected = rejected;
  }

  /** True (once) when the held types may go. */
  release(snapshot: Snapshot): boolean {
    const gate = this.gate;
    if (!gate?.answered) return false;
    if (!gate.rejected) {
      const endpoints = snapshot.resources.get(TypeUrl.ClusterLoadAssignment)?.items;
      for (const n of gate.endpoints) if (!endpoints?.has(n)) gate.endpoints.delete(n); // nothing to wait for
      if (gate.endpoints.size > 0) return false;
    }
    this.gate = undefined;
    return true;
  }

  clear(): void {
    this.gate = undefined;
  }
}

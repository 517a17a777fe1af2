import { KubeApiError, type KubeClient } from './kube-client.js';
import { collectionPath, objectPath } from './resources.js';

const LEASES = { apiVersion: 'coordination.k8s.io/v1', plural: 'leases', namespaced: true };

/** What a coordination.k8s.io/v1 Lease says about its holder (client-go's LeaderElectionRecord). */
export interface LeaderRecord {
  /** '' when released or never held. */
  holderIdentity: string;
  leaseDurationSeconds: number;
  /** MicroTime strings, as the API stores them. */
  acquireTime: string;
  renewTime: string;
  leaseTransitions: number;
}

/** A Lease as read or written: its record and the resourceVersion the next write must name. */
export interface ObservedLease {
  record: LeaderRecord;
  resourceVersion: string;
}

interface LeaseObject {
  metadata: { resourceVersion: string };
  spec?: Partial<LeaderRecord>;
}

/**
 * Reads and writes one Lease. Every update names the resourceVersion it read, so two replicas racing for
 * the lease cannot both win: the loser gets 409 Conflict (thrown as a KubeApiError) and reads again.
 */
export class LeaseLock {
  constructor(
    private readonly client: () => KubeClient,
    readonly namespace: string,
    readonly name: string,
  ) {}

  get description(): string {
    return `${this.namespace}/${this.name}`;
  }

  /** The Lease, or undefined when it does not exist yet. */
  async get(timeoutMs: number, signal?: AbortSignal): Promise<ObservedLease | undefined> {
    try {
      const res = await this.client().request<LeaseObject>('GET', objectPath(LEASES, this.namespace, this.name), { timeoutMs, signal });
      return observed(res.body);
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** Creates the Lease; 409 AlreadyExists when another replica created it first. */
  async create(record: LeaderRecord, timeoutMs: number, signal?: AbortSignal): Promise<ObservedLease> {
    const body = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.name, namespace: this.namespace }, spec: record };
    const res = await this.client().request<LeaseObject>('POST', collectionPath(LEASES, this.namespace), { body, timeoutMs, signal });
    return observed(res.body);
  }

  /** Replaces the Lease's spec if it is still at `resourceVersion`; else 409 Conflict. */
  async update(record: LeaderRecord, resourceVersion: string, timeoutMs: number, signal?: AbortSignal): Promise<ObservedLease> {
    const body = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.name, namespace: this.namespace, resourceVersion }, spec: record };
    const res = await this.client().request<LeaseObject>('PUT', objectPath(LEASES, this.namespace, this.name), { body, timeoutMs, signal });
    return observed(res.body);
  }
}

function observed(o: LeaseObject): ObservedLease {
  const s = o.spec ?? {};
  return {
    resourceVersion: o.metadata.resourceVersion,
    record: {
      holderIdentity: s.holderIdentity ?? '',
      leaseDurationSeconds: s.leaseDurationSeconds ?? 0,
      acquireTime: s.acquireTime ?? '',
      renewTime: s.renewTime ?? '',
      leaseTransitions: s.leaseTransitions ?? 0,
    },
  };
}

/** A Lease's MicroTime: RFC 3339 with microseconds ("2024-05-01T10:00:00.123000Z"). */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function isConflict(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 409;
}

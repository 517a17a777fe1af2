import { inject, injectable } from 'inversify';
import {
  ConfigId,
  type Counter,
  KindRegistry,
  LoggerId,
  Metrics,
  MetricsId,
  type IsobarConfig,
  type Lifecycle,
  type Logger,
  type ObjectStatus,
  type StatusWriter,
} from '../../core/index.js';
import { backoffDelay } from './backoff.js';
import { desiredStatus, type DesiredStatus } from './desired-status.js';
import { KubeApiError } from './kube-client.js';
import { KubeConnection } from './kube-connection.js';
import { LeaderElector } from './leader-elector.js';
import { LoadBalancerAddress } from './load-balancer-address.js';
import { objectPath } from './resources.js';
import { StatusQueue } from './status-queue.js';
import { K8sSource } from './k8s-source.js';

/** Status writes in flight at once: enough to keep up, few enough not to crowd the API server. */
const CONCURRENCY = 4;

/** An object's status as last written or read: what isobar owns of it, and the resourceVersion it was at. */
interface Known {
  fingerprint: string;
  resourceVersion: string;
  /** The status as read or written, for kinds that merge into it. */
  status: unknown;
}

interface LiveObject {
  metadata: { resourceVersion: string };
  status?: unknown;
}

const WRITE_RESULTS = ['written', 'skipped', 'conflict', 'gone', 'error'] as const;
type WriteResult = (typeof WRITE_RESULTS)[number];

/**
 * Writes the status each kind declares (IngressRoute `status.currentStatus`/`description`, Ingress
 * `status.loadBalancer`, …) back to the API, on the leader only. `statuses()` just records what each object should carry and queues the ones
 * that differ from what they are known to carry; a small queue writes them (merge patches of the status
 * subresource, latest state wins, a few at a time), so a status storm never slows routing.
 *
 * Each patch names the resourceVersion its comparison was made against: if the object changed since (its
 * spec was edited, or another replica wrote), the API answers 409 and the object is read again before
 * retrying, so a write never rests on a stale view. An object is read once when first needed; after that
 * the response of each write keeps its entry current, so steady-state rebuilds cost no API calls.
 */
@injectable()
export class K8sStatusWriter implements StatusWriter, Lifecycle {
  readonly id = 'source-k8s';
  private readonly logger: Logger;
  private readonly address: LoadBalancerAddress;
  private readonly queue: StatusQueue;
  /** The last build's statuses, kept so a new address or a new leader can recompute what to write. */
  private latest: readonly ObjectStatus[] = [];
  private desired = new Map<string, DesiredStatus>();
  /** Forgotten whenever leadership changes: another replica may have written meanwhile. */
  private readonly known = new Map<string, Known>();
  /** A failure streak is logged once, then quietly until a write succeeds. */
  private failing = false;
  private readonly writes: Counter<'result'>;

  constructor(
    @inject(ConfigId) private readonly config: IsobarConfig,
    @inject(LoggerId) logger: Logger,
    @inject(MetricsId) metrics: Metrics,
    @inject(KubeConnection) private readonly kube: KubeConnection,
    @inject(LeaderElector) private readonly elector: LeaderElector,
    @inject(K8sSource) private readonly source: K8sSource,
    @inject(KindRegistry) private readonly kinds: KindRegistry,
  ) {
    this.logger = logger.child({ component: 'status-writer' });
    this.writes = metrics.counter({
      name: 'isobar_status_writes_total',
      help: 'Status write-back by result: written; skipped (the object already carried it); conflict (it changed meanwhile, read again and retried); gone (deleted); error (retried with backoff).',
      labelNames: ['result'],
      initial: WRITE_RESULTS.map((result) => ({ result })),
    });
    this.address = new LoadBalancerAddress(config.sourceK8s, () => kube.client, this.logger);
    this.queue = new StatusQueue({ concurrency: CONCURRENCY, work: (key) => this.write(key), retryDelay: (key, err, attempt) => this.retryDelay(key, err, attempt) });
    this.address.onChange(() => this.sync());
    elector.onChange((leader) => this.leadershipChanged(leader));
    // A deleted or re-created object carries none of what was written to its predecessor: forget it, so that
    // the next build's status for that name is written even when it is the same as the old one's.
    source.onGone((key) => this.forget(key));
  }

  private get enabled(): boolean {
    return this.config.sourceK8s.writeStatus;
  }

  statuses(statuses: readonly ObjectStatus[]): void {
    if (!this.enabled) return;
    this.latest = statuses;
    this.sync();
  }

  onStart(): void {
    if (!this.enabled) return;
    this.address.start();
    this.elector.start();
  }

  async onStop(): Promise<void> {
    await this.queue.stop();
    await this.address.stop();
  }

  /** Resolves when every queued write is done (for tests). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Recomputes what every object should carry and, on the leader, queues those whose wanted status changed or differs from what they have. */
  private sync(): void {
    const addresses = this.address.addresses;
    const next = new Map<string, DesiredStatus>();
    for (const s of this.latest) {
      // Objects of another source loaded beside this one (files) have no API object to write to.
      if (!this.source.delivered(s.ref)) continue;
      const d = desiredStatus(s, this.kinds.get(s.ref.kind), addresses);
      if (d) next.set(d.key, d);
    }
    const previous = this.desired;
    this.desired = next;
    for (const key of previous.keys()) {
      if (next.has(key)) continue;
      this.known.delete(key);
      this.queue.forget(key);
    }
    if (!this.elector.isLeader) return;
    for (const [key, d] of next) {
      // A changed wish is queued even when it matches what is known: a write of the previous wish may be in flight.
      if (previous.get(key)?.fingerprint !== d.fingerprint || this.known.get(key)?.fingerprint !== d.fingerprint) this.queue.add(key);
    }
  }

  private forget(key: string): void {
    this.known.delete(key);
    this.desired.delete(key);
  }

  private leadershipChanged(leader: boolean): void {
    this.known.clear();
    if (!leader) {
      this.queue.clear();
      return;
    }
    this.logger.info({ objects: this.desired.size }, 'leader: writing status');
    this.sync();
  }

  /** One object: read it if its status is unknown, skip if it already carries what is wanted, else patch it. */
  private async write(key: string): Promise<void> {
    const want = this.desired.get(key);
    if (!want || !this.elector.isLeader) return;
    let have = this.known.get(key);
    if (!have) {
      have = known(want, (await this.kube.client.request<LiveObject>('GET', objectPath(want.resource, want.namespace, want.name))).body);
      this.remember(key, have);
    }
    if (have.fingerprint === want.fingerprint) {
      this.count('skipped');
      return;
    }
    const res = await this.kube.client.request<LiveObject>('PATCH', objectPath(want.resource, want.namespace, want.name, want.kind.status?.subresource ? 'status' : undefined), {
      body: { metadata: { resourceVersion: have.resourceVersion }, status: want.kind.status?.merge?.(want.status, have.status) ?? want.status },
      contentType: 'application/merge-patch+json',
    });
    this.remember(key, known(want, res.body));
    this.count('written');
    if (this.failing) this.logger.info('status writes succeed again');
    this.failing = false;
  }

  private remember(key: string, k: Known): void {
    if (this.desired.has(key) && this.elector.isLeader) this.known.set(key, k);
  }

  private retryDelay(key: string, err: unknown, attempt: number): number | undefined {
    // Whatever failed, what the object carries is no longer known for sure: read it before the next write.
    this.known.delete(key);
    const want = this.desired.get(key);
    if (!want || !this.elector.isLeader) return undefined;
    const what = `${want.resource.kind} ${want.namespace}/${want.name}`;
    const status = err instanceof KubeApiError ? err.status : 0;
    if (status === 404) {
      this.count('gone');
      this.logger.debug({ object: what }, `${what} is gone; not writing its status`);
      return undefined;
    }
    if (status === 409) {
      this.count('conflict');
      this.logger.debug({ object: what }, `${what} changed while its status was written; reading it again`);
      return backoffDelay(attempt, 100, 5_000);
    }
    this.count('error');
    const message = `cannot write the status of ${what}: ${(err as Error).message}`;
    // 422: the API refuses this status as written; the same write cannot succeed, a new status will be queued.
    const retry = status === 422 ? undefined : backoffDelay(attempt, 500, 30_000);
    if (this.failing) this.logger.debug({ object: what }, message);
    else this.logger.warn({ object: what }, `${message}${retry === undefined ? '' : '; retrying with backoff'} (further failures are logged at debug level until a write succeeds)`);
    this.failing = true;
    return retry;
  }

  private count(result: WriteResult): void {
    this.writes.inc({ result });
  }
}

function known(want: DesiredStatus, live: LiveObject): Known {
  return { fingerprint: want.kind.status!.fingerprint(live.status), resourceVersion: live.metadata.resourceVersion, status: live.status };
}

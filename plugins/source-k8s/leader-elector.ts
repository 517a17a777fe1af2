import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject, injectable } from 'inversify';
import { type Leadership, ConfigId, IsobarError, LoggerId, Metrics, MetricsId, type IsobarConfig, type Lifecycle, type Logger } from '../../core/index.js';
import { KubeConnection } from './kube-connection.js';
import { isConflict, LeaseLock, microTime, type LeaderRecord, type ObservedLease } from './lease-lock.js';

const SERVICE_ACCOUNT_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';
/** Acquire attempts are spread by up to this fraction of the retry period, so replicas do not retry in step. */
const ACQUIRE_JITTER = 0.2;
const RELEASE_TIMEOUT_MS = 2000;

type Attempt = 'held' | 'other' | 'failed';

/**
 * Lease-based leader election, client-go's algorithm: take the Lease when it is absent, released, held
 * by us, or not renewed for leaseDurationSeconds; renew every retryPeriodSeconds; step down when renewal
 * has failed for renewDeadlineSeconds (before anyone else may take it) or another replica holds it.
 * Expiry is measured on this replica's clock from when it last saw the Lease change, not from the
 * holder's renewTime, so clock skew between nodes cannot make two leaders. Every write names the
 * resourceVersion it read; a 409 just means another replica moved first. On a graceful stop the leader
 * releases the Lease so another replica takes over at its next retry.
 *
 * With `leaderElection.enabled` false this replica is always the leader and no Lease is touched.
 */
@injectable()
export class LeaderElector implements Lifecycle, Leadership {
  readonly identity: string;
  private readonly logger: Logger;
  private readonly lock: LeaseLock;
  private readonly events = new EventEmitter();
  private readonly abort = new AbortController();
  private leader: boolean;
  private running: Promise<void> | undefined;
  private observed: ObservedLease | undefined;
  private observedRaw = '';
  private observedAt = 0;
  private lastRenew = 0;
  private failing = false;

  constructor(
    @inject(ConfigId) private readonly config: IsobarConfig,
    @inject(LoggerId) logger: Logger,
    @inject(MetricsId) metrics: Metrics,
    @inject(KubeConnection) kube: KubeConnection,
  ) {
    const c = config.leaderElection;
    this.identity = c.identity || process.env['POD_NAME'] || `${os.hostname()}-${process.pid}`;
    this.lock = new LeaseLock(() => kube.client, c.namespace || podNamespace(), c.leaseName);
    this.logger = logger.child({ component: 'leader-election', lease: this.lock.description, identity: this.identity });
    this.leader = !c.enabled;
    // Read on each scrape: the flag is the one truth, no second copy to keep in step.
    metrics.gauge({ name: 'isobar_leader', help: 'Whether this replica is the leader (writes status); 1 when leader election is off.', collect: (g) => g.set(this.leader ? 1 : 0) });
  }

  get isLeader(): boolean {
    return this.leader;
  }

  /** Calls `listener` on every change of leadership; returns the unsubscribe function. */
  onChange(listener: (leader: boolean) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  /** Starts competing for the Lease; a no-op when election is off (always leader) or already started. */
  start(): void {
    if (!this.config.leaderElection.enabled || this.running) return;
    const t = this.timing();
    if (!(t.leaseMs > t.renewMs && t.renewMs > t.retryMs * (1 + ACQUIRE_JITTER))) {
      throw new IsobarError(
        'CONFIG_INVALID',
        'leaderElection needs leaseDurationSeconds > renewDeadlineSeconds > 1.2 × retryPeriodSeconds (a leader must give up before its lease can be taken)',
      );
    }
    this.logger.info(`competing for leader Lease ${this.lock.description} as ${this.identity}`);
    this.running = this.loop();
  }

  /** Stops competing; a leader steps down first (so nothing acts as leader any more) and then releases the Lease. */
  async onStop(): Promise<void> {
    if (!this.running) return;
    this.abort.abort();
    await this.running;
    if (!this.leader) return;
    this.setLeader(false, 'stopping', 'info');
    await this.release();
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async loop(): Promise<void> {
    const { renewMs, retryMs } = this.timing();
    while (!this.stopped) {
      if (!this.leader) {
        if ((await this.attempt(renewMs)) === 'held') {
          this.lastRenew = Date.now();
          this.setLeader(true, 'acquired the Lease');
        } else {
          await this.pause(retryMs * (1 + Math.random() * ACQUIRE_JITTER));
        }
        continue;
      }
      await this.pause(retryMs);
      if (this.stopped) break;
      // A renewal must finish before the deadline, or the lease could be taken while we still act as leader.
      const result = await this.attempt(Math.max(1, this.lastRenew + renewMs - Date.now()));
      if (result === 'held') this.lastRenew = Date.now();
      else if (result === 'other') this.setLeader(false, `the Lease is held by ${this.observed?.record.holderIdentity}`);
      else if (Date.now() - this.lastRenew >= renewMs && !this.stopped) this.setLeader(false, `could not renew the Lease within ${renewMs / 1000} s`);
    }
  }

  /** One acquire-or-renew (client-go's tryAcquireOrRenew). */
  private async attempt(timeoutMs: number): Promise<Attempt> {
    const signal = this.abort.signal;
    const now = Date.now();
    try {
      // Fast path: a leader renews on top of what it last wrote, without reading first.
      if (this.leader && this.observed?.record.holderIdentity === this.identity) {
        try {
          this.observe(await this.lock.update(this.record(this.observed.record, now), this.observed.resourceVersion, timeoutMs, signal), now);
          return this.succeeded();
        } catch (err) {
          if (!isConflict(err)) throw err;
        }
      }
      const current = await this.lock.get(timeoutMs, signal);
      if (!current) {
        this.observe(await this.lock.create(this.record(undefined, now), timeoutMs, signal), now);
        return this.succeeded();
      }
      this.observe(current, now);
      const holder = current.record.holderIdentity;
      if (holder && holder !== this.identity && this.observedAt + current.record.leaseDurationSeconds * 1000 > now) return 'other';
      this.observe(await this.lock.update(this.record(current.record, now), current.resourceVersion, timeoutMs, signal), now);
      return this.succeeded();
    } catch (err) {
      if (this.stopped) return 'failed';
      if (isConflict(err)) {
        // Another replica wrote the Lease between our read and write: read again next time.
        this.logger.debug('the Lease changed while we wrote it; reading it again');
      } else if (!this.failing) {
        this.failing = true;
        this.logger.warn({ err: (err as Error).message }, `cannot read or write the leader Lease ${this.lock.description}: ${(err as Error).message}; retrying`);
      }
      return 'failed';
    }
  }

  private succeeded(): Attempt {
    if (this.failing) this.logger.info('the leader Lease is reachable again');
    this.failing = false;
    return 'held';
  }

  private record(previous: LeaderRecord | undefined, now: number): LeaderRecord {
    const ours = previous?.holderIdentity === this.identity;
    return {
      holderIdentity: this.identity,
      leaseDurationSeconds: this.config.leaderElection.leaseDurationSeconds,
      acquireTime: ours ? previous!.acquireTime : microTime(now),
      renewTime: microTime(now),
      leaseTransitions: previous ? previous.leaseTransitions + (ours ? 0 : 1) : 0,
    };
  }

  /** Remembers the Lease; its expiry clock restarts whenever its record changes. */
  private observe(lease: ObservedLease, now: number): void {
    const raw = JSON.stringify(lease.record);
    if (raw !== this.observedRaw) {
      const before = this.observed?.record.holderIdentity;
      const holder = lease.record.holderIdentity;
      if (holder !== before && holder !== this.identity) this.logger.info({ holder }, holder ? `the leader is ${holder}` : 'the Lease was released');
      this.observedRaw = raw;
      this.observedAt = now;
    }
    this.observed = lease;
  }

  /** Hands the Lease back (no holder, 1 s duration), as client-go's ReleaseOnCancel does. */
  private async release(): Promise<void> {
    let current = this.observed;
    for (let tries = 0; tries < 2 && current?.record.holderIdentity === this.identity; tries++) {
      const now = microTime(Date.now());
      const released: LeaderRecord = { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: current.record.leaseTransitions };
      try {
        await this.lock.update(released, current.resourceVersion, RELEASE_TIMEOUT_MS);
        this.logger.info(`released the leader Lease ${this.lock.description}`);
        return;
      } catch (err) {
        if (!isConflict(err)) {
          this.logger.warn({ err: (err as Error).message }, 'could not release the leader Lease; another replica takes it when it expires');
          return;
        }
        current = await this.lock.get(RELEASE_TIMEOUT_MS).catch(() => undefined);
      }
    }
  }

  private setLeader(leader: boolean, why: string, level: 'info' | 'warn' = leader ? 'info' : 'warn'): void {
    if (this.leader === leader) return;
    this.leader = leader;
    this.logger[level](`${leader ? 'became the leader' : 'no longer the leader'} (${why})`);
    this.events.emit('change', leader);
  }

  private pause(ms: number): Promise<void> {
    return sleep(ms, undefined, { signal: this.abort.signal }).catch(() => {});
  }

  private timing(): { leaseMs: number; renewMs: number; retryMs: number } {
    const c = this.config.leaderElection;
    return { leaseMs: c.leaseDurationSeconds * 1000, renewMs: c.renewDeadlineSeconds * 1000, retryMs: c.retryPeriodSeconds * 1000 };
  }
}

/** The pod's namespace from its service account, else 'default'. */
export function podNamespace(file = SERVICE_ACCOUNT_NAMESPACE): string {
  try {
    return readFileSync(file, 'utf8').trim() || 'default';
  } catch {
    return 'default';
  }
}

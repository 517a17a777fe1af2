import { inject, injectable, multiInject, optional } from 'inversify';
import type { Logger } from 'pino';
import type { IsobarConfig } from '../../config/schema.js';
import { Feature, Processor, Sink, Source, StatusWriter, type ResourceVersion, type SourceConnection } from '../container/contribution-points.js';
import { ConfigId } from '../container/plugin.js';
import { LoggerId } from '../logging.js';
import { Metrics, MetricsId } from '../metrics.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { ObjectStatus } from '../status/condition.js';
import { ObjectStore } from '../store/object-store.js';
import type { TranslateSettings } from '../translate/translate-settings.js';
import type { TranslatorHooks } from '../translate/translator-hooks.js';
import { compareStrings } from '../util/compare.js';
import { buildAll, rebuildEndpoints, type BuildResult } from './build.js';
import { ingressClassView } from '../store/ingress-class-view.js';
import type { StoreReader } from '../store/object-store.js';
import { Debouncer } from './debouncer.js';
import { EngineMetrics } from './engine-metrics.js';
import { MemoryReducer } from './memory-reducer.js';
import { Quarantine } from './quarantine.js';
import { RejectionTracker } from './rejection-tracker.js';
import { EndpointChanges } from './endpoint-changes.js';
import { StatusBoard } from './status-board.js';
import { withTimeout } from './with-timeout.js';

const ENDPOINT_KINDS = new Set(['Endpoints', 'EndpointSlice']);

/**
 * Runs the one-way flow: sources fill the store; changes (debounced) rebuild the DAG and snapshot; a
 * snapshot that differs from the last one goes to every sink. Nothing is published until every source
 * has synced. A failed build is logged and the last good snapshot stays served.
 */
@injectable()
export class Engine {
  readonly store = new ObjectStore();
  readonly board: StatusBoard;
  /** The store minus other ingress classes' objects: what processors see. */
  private readonly view: StoreReader;
  private last?: BuildResult;
  private published?: Snapshot;
  private readonly unsynced = new Set<string>();
  private readonly readyHolds = new Map<string, string>();
  private readonly pendingKinds = new Set<string>();
  private readonly endpointChanges = new EndpointChanges();
  private readonly debouncer: Debouncer;
  private readonly memory: MemoryReducer | undefined;
  private readonly processors: Processor[];
  private readonly hooks: TranslatorHooks[];
  private readonly featureIds: ReadonlySet<string>;
  private readonly settings: TranslateSettings;
  private readonly publishListeners: Array<(s: Snapshot) => void> = [];
  /** Objects withheld for what they did (a fault, a value Envoy would refuse, a rejection by Envoy). */
  readonly quarantine = new Quarantine();
  private readonly rejections = new RejectionTracker();
  private readonly stats: EngineMetrics;
  /** When the engine saw the first change not yet in a published snapshot (performance.now()). */
  private changedAt: number | undefined;

  constructor(
    @inject(ConfigId) protected readonly config: IsobarConfig,
    @inject(LoggerId) protected readonly logger: Logger,
    @inject(MetricsId) protected readonly metrics: Metrics,
    @multiInject(Processor) @optional() processors: Processor[] = [],
    @multiInject(Feature) @optional() protected readonly features: Feature[] = [],
    @multiInject(Source) @optional() protected readonly sources: Source[] = [],
    @multiInject(Sink) @optional() protected readonly sinks: Sink[] = [],
    @multiInject(StatusWriter) @optional() protected readonly statusWriters: StatusWriter[] = [],
  ) {
    this.view = ingressClassView(this.store, config.ingress);
    this.stats = new EngineMetrics(metrics, { store: () => this.store.size, quarantined: () => this.quarantine.size });
    this.board = new StatusBoard(logger.child({ component: 'status' }));
    const all = [...processors, ...features.flatMap((f) => (f.processor ? [f.processor] : []))];
    this.processors = all.sort((a, b) => a.order - b.order || compareStrings(a.id, b.id));
    this.hooks = features.map((f) => f.hooks);
    this.featureIds = new Set(features.map((f) => f.id));
    this.settings = {
      http: config.listeners.http,
      https: { address: config.listeners.https.address, port: config.listeners.https.port },
      httpsRedirectPort: config.listeners.https.redirectPort,
      connectTimeoutMs: config.upstream.connectTimeoutMs,
      accessLog: config.envoy.accessLog,
      xdsConfigSource: config.xds.configSource,
      proxylessGrpc: config.xds.proxylessGrpc,
      perHostStats: config.envoy.stats.perHost,
    };
    this.debouncer = new Debouncer(config.engine.debounceMs, config.engine.maxDelayMs, () => this.rebuild());
    if (config.engine.memoryReducer !== false) {
      this.memory = new MemoryReducer({ idleMs: 10_000, minWasteBytes: 128 * 2 ** 20, minWasteShare: 0.5 }, (c) => {
        const mb = (n: number) => Math.round(n / 2 ** 20);
        this.stats.compactions.inc();
        this.logger.info({ rssBeforeMiB: mb(c.before.rss), rssAfterMiB: mb(c.after.rss), heapUsedMiB: mb(c.after.heapUsed), ms: Math.round(c.ms) }, `gave back ${mb(c.before.rss - c.after.rss)} MiB after a burst of changes`);
      });
    }
    this.store.onChange((c) => {
      this.changedAt ??= performance.now();
      for (const k of c.kinds) this.pendingKinds.add(k);
      for (const key of c.keys) if (ENDPOINT_KINDS.has(key.slice(0, key.indexOf('/')))) this.endpointChanges.note(key);
      if (this.unsynced.size === 0) this.debouncer.trigger();
    });
  }

  async start(): Promise<void> {
    for (const sink of this.sinks) sink.feedback?.({ accepted: (t, r) => this.accepted(t, r), rejected: (t, r, m, n) => this.rejected(t, r, m, n) });
    for (const sink of this.sinks) await sink.start();
    for (const source of this.sources) this.unsynced.add(source.id);
    if (this.sources.length === 0) this.logger.warn('no source plugin is loaded: nothing will be served');
    for (const source of this.sources) await source.start(this.connection(source.id));
  }

  async stop(): Promise<void> {
    this.debouncer.cancel();
    this.memory?.stop();
    const timeout = this.config.shutdown.timeoutMs;
    await Promise.all(this.sources.map((s) => withTimeout(s.stop(), timeout, `source ${s.id}`, this.logger)));
    await Promise.all(this.sinks.map((s) => withTimeout(s.stop(), timeout, `sink ${s.id}`, this.logger)));
  }

  /** Every source synced, none holding readiness, and a first snapshot published. */
  ready(): boolean {
    return this.notReadyReason() === undefined;
  }

  /** Why ready() is false, in words for /readyz and /status; undefined when ready. */
  notReadyReason(): string | undefined {
    if (this.unsynced.size > 0) return `waiting for source(s) ${[...this.unsynced].sort().join(', ')} to sync`;
    if (this.readyHolds.size > 0) return [...this.readyHolds].sort(([a], [b]) => a.localeCompare(b)).map(([id, why]) => `source ${id}: ${why}`).join('; ');
    if (this.published === undefined) return 'no snapshot published yet';
    return undefined;
  }

  lastBuild(): BuildResult | undefined {
    return this.last;
  }

  snapshot(): Snapshot | undefined {
    return this.published;
  }

  sourceStatus(): Record<string, unknown> {
    return Object.fromEntries(this.sources.map((s) => [s.id, { synced: !this.unsynced.has(s.id), ...((s.status?.() as object | undefined) ?? {}) }]));
  }

  sinkStatus(): Record<string, unknown> {
    return Object.fromEntries(this.sinks.map((s) => [s.id, s.status?.() ?? {}]));
  }

  onPublish(listener: (s: Snapshot) => void): void {
    this.publishListeners.push(listener);
  }

  private connection(id: string): SourceConnection {
    return {
      full: (objects) => this.store.replaceAll(id, objects),
      delta: (upserts, removals) => this.store.applyDelta(id, upserts, removals),
      synced: () => {
        if (!this.unsynced.delete(id)) return;
        this.logger.info({ source: id }, `source ${id} synced`);
        if (this.unsynced.size === 0) this.rebuild();
      },
      problems: (scope, problems) => this.board.setProblems(`${id}:${scope}`, problems),
      holdReady: (reason) => {
        if (reason === undefined) this.readyHolds.delete(id);
        else this.readyHolds.set(id, reason);
      },
    };
  }

  private accepted(type: string, resources: readonly ResourceVersion[]): void {
    if (this.rejections.accepted(type, resources, this.published)) this.debouncer.trigger();
  }

  /** A client refused a resource: charge it to the object behind it (or narrow the suspects) and build again. */
  private rejected(type: string, resources: readonly ResourceVersion[], message: string, node: string): void {
    const verdict = this.rejections.rejected(type, resources, message, node, this.view);
    if (verdict.culprit) {
      this.logger.warn({ object: verdict.culprit.object.key, node }, `${verdict.culprit.object.key}: ${verdict.culprit.condition.message}`);
      this.quarantine.add(verdict.culprit.object, verdict.culprit.condition);
    } else if (verdict.probation.length > 0) {
      this.logger.warn({ node, heldBack: verdict.probation.length }, 'Envoy rejected a change of several objects; holding half of them back to find the one it refuses');
    } else return;
    this.stats.rejections.inc({ outcome: verdict.culprit ? 'quarantined' : 'narrowing' });
    this.debouncer.trigger();
  }

  /** Status writers queue and write on their own time; routing never waits for them. */
  private writeStatuses(statuses: ObjectStatus[]): void {
    for (const w of this.statusWriters) {
      try {
        w.statuses(statuses);
      } catch (err) {
        this.logger.error({ err, writer: w.id }, `status writer ${w.id} failed`);
      }
    }
  }

  /** A build and its publication; the time they took paces the next build (see Debouncer). */
  private rebuild(): void {
    const t0 = performance.now();
    try {
      this.buildAndPublish();
    } catch (err) {
      // Runs from a timer: anything that escapes would end the process and take the served config with it.
      this.stats.buildErrors.inc();
      this.logger.error({ err }, 'publishing a build failed; the last good configuration stays served');
    } finally {
      this.debouncer.pace(performance.now() - t0);
      this.memory?.noteActivity();
    }
  }

  private buildAndPublish(): void {
    this.debouncer.cancel();
    let endpointsOnly = this.last !== undefined && this.pendingKinds.size > 0 && [...this.pendingKinds].every((k) => ENDPOINT_KINDS.has(k));
    this.pendingKinds.clear();
    let result: BuildResult | undefined;
    try {
      // The fast path gives up on an endpoint it cannot emit; the full build then charges its object.
      if (endpointsOnly) result = rebuildEndpoints(this.last!, this.view, this.endpointChanges.take(this.store), this.config.engine.checkEmitted);
      if (!result) {
        endpointsOnly = false;
        result = buildAll(this.view, this.processors, this.hooks, this.settings, this.featureIds, {
          quarantine: this.quarantine,
          checkEmitted: this.config.engine.checkEmitted,
          probation: this.rejections.probation(this.view),
        });
        this.rejections.record(result.snapshot, result.provenance, this.view);
        this.endpointChanges.reset(this.store);
      }
    } catch (err) {
      this.endpointChanges.invalidate();
      this.stats.buildErrors.inc();
      this.logger.error({ err }, 'build failed; the last good configuration stays served');
      return;
    }
    this.last = result;
    if (!endpointsOnly) {
      this.board.setObjects(result.statuses);
      this.writeStatuses(result.statuses);
      try {
        this.stats.objects.update(result.statuses);
        this.stats.tlsExpiry.update(this.store);
      } catch (err) {
        // Metrics describe the config; they never stand between a good build and Envoy.
        this.logger.error({ err }, 'updating object metrics failed');
      }
    }
    const kind = endpointsOnly ? 'endpoints' : 'full';
    this.stats.builds.inc({ kind });
    this.stats.buildDuration.observe({ kind }, result.durationMs / 1000);
    this.stats.lastSuccessfulBuild.set(Date.now() / 1000);
    // Changes this build took in either go out now or changed nothing that is served: either way the batch ends.
    const changedAt = this.changedAt;
    this.changedAt = undefined;
    if (this.published?.version === result.snapshot.version) return;
    this.published = result.snapshot;
    this.logger.info({ version: result.snapshot.version, ms: Math.round(result.durationMs * 10) / 10, endpointsOnly }, 'publishing snapshot');
    for (const sink of this.sinks) sink.publish(result.snapshot);
    for (const l of this.publishListeners) l(result.snapshot);
    if (changedAt !== undefined) this.stats.changeToPublish.observe((performance.now() - changedAt) / 1000);
  }
}

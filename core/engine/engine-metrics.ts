import type { Counter, Gauge, Histogram } from 'prom-client';
import type { Metrics } from '../metrics.js';
import { ObjectStateGauge } from '../metrics/object-states.js';
import { TlsExpiryGauge } from '../metrics/tls-expiry.js';

/** Builds range from about a millisecond (a few objects) to seconds (tens of thousands). */
const BUILD_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** A change waits for the debounce (tens of ms by default, up to engine.maxDelayMs) and then a build. */
const CHANGE_TO_PUBLISH_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const BUILD_KINDS = [{ kind: 'full' }, { kind: 'endpoints' }];

/** The engine's series, declared once; the engine only records into them. */
export class EngineMetrics {
  readonly builds: Counter<'kind'>;
  readonly buildErrors: Counter;
  readonly buildDuration: Histogram<'kind'>;
  readonly changeToPublish: Histogram;
  readonly lastSuccessfulBuild: Gauge;
  readonly rejections: Counter<'outcome'>;
  readonly compactions: Counter;
  readonly objects: ObjectStateGauge;
  readonly tlsExpiry: TlsExpiryGauge;

  constructor(metrics: Metrics, sizes: { store: () => number; quarantined: () => number }) {
    this.builds = metrics.counter({ name: 'isobar_builds_total', help: 'DAG builds (full) and endpoint-only rebuilds (endpoints) that succeeded.', labelNames: ['kind'], initial: BUILD_KINDS });
    this.buildErrors = metrics.counter({ name: 'isobar_build_errors_total', help: 'Builds that failed; the last good snapshot stayed served.' });
    this.buildDuration = metrics.histogram({ name: 'isobar_build_duration_seconds', help: 'How long a build took, by kind (full, endpoints).', labelNames: ['kind'], buckets: BUILD_BUCKETS, initial: BUILD_KINDS });
    this.changeToPublish = metrics.histogram({
      name: 'isobar_change_to_publish_seconds',
      help: 'From the first change of a batch seen by the engine to the snapshot that includes it being published.',
      buckets: CHANGE_TO_PUBLISH_BUCKETS,
    });
    this.lastSuccessfulBuild = metrics.gauge({ name: 'isobar_last_successful_build_timestamp_seconds', help: 'When the last build succeeded, as Unix seconds (0 before the first).' });
    this.rejections = metrics.counter({
      name: 'isobar_envoy_rejections_total',
      help: 'Rejections by Envoy charged to objects (quarantined) or narrowed down.',
      labelNames: ['outcome'],
      initial: [{ outcome: 'quarantined' }, { outcome: 'narrowing' }],
    });
    this.compactions = metrics.counter({ name: 'isobar_memory_compactions_total', help: 'Collections run once builds stopped, to give back the memory a burst left behind.' });
    metrics.gauge({ name: 'isobar_store_objects', help: 'Objects in the store.', collect: (g) => g.set(sizes.store()) });
    metrics.gauge({ name: 'isobar_quarantined_objects', help: 'Objects withheld for a fault, a value Envoy would refuse, or a rejection by Envoy.', collect: (g) => g.set(sizes.quarantined()) });
    this.objects = new ObjectStateGauge(metrics);
    this.tlsExpiry = new TlsExpiryGauge(metrics);
  }
}

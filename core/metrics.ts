import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { IsobarError } from './errors.js';

export type { Counter, Gauge, Histogram } from 'prom-client';

/** What every metric declares: a name, a help text, and (optionally) the names of its labels. */
export interface MetricSpec<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
}

/** A counter's label combinations known up front: each starts at 0, so a rate over it exists before the first event. */
export interface CounterSpec<L extends string> extends MetricSpec<L> {
  initial?: ReadonlyArray<Partial<Record<L, string>>>;
}

export interface GaugeSpec<L extends string> extends MetricSpec<L> {
  /** Called on every scrape, for values cheaper to read than to track (e.g. a map's size). */
  collect?: (gauge: Gauge<L>) => void;
}

export interface HistogramSpec<L extends string> extends MetricSpec<L> {
  /** Upper bounds in the metric's unit (seconds for durations), ascending. */
  buckets: readonly number[];
  initial?: ReadonlyArray<Partial<Record<L, string>>>;
}

type Kind = 'counter' | 'gauge' | 'histogram';

/**
 * isobar's Prometheus registry: one per App (tests run several Apps in one process, so never prom-client's
 * global registry), with the process and Node.js default metrics. Code declares each metric once and keeps
 * the object; declaring the same name again with the same shape returns that object, so two instances of a
 * component (or a component rebuilt in a test) share the series instead of failing.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly declared = new Map<string, { kind: Kind; labels: string; metric: Counter | Gauge | Histogram }>();

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string = never>(spec: CounterSpec<L>): Counter<L> {
    return this.declare('counter', spec, () => {
      const c = new Counter<L>({ name: spec.name, help: spec.help, labelNames: spec.labelNames ?? [], registers: [this.registry] });
      for (const labels of spec.initial ?? []) c.inc(labels, 0);
      return c;
    });
  }

  gauge<L extends string = never>(spec: GaugeSpec<L>): Gauge<L> {
    const collect = spec.collect;
    return this.declare('gauge', spec, () => new Gauge<L>({
      name: spec.name,
      help: spec.help,
      labelNames: spec.labelNames ?? [],
      registers: [this.registry],
      ...(collect ? { collect(this: Gauge<L>) { collect(this); } } : {}),
    }));
  }

  histogram<L extends string = never>(spec: HistogramSpec<L>): Histogram<L> {
    return this.declare('histogram', spec, () => {
      const h = new Histogram<L>({ name: spec.name, help: spec.help, labelNames: spec.labelNames ?? [], buckets: [...spec.buckets], registers: [this.registry] });
      for (const labels of spec.initial ?? []) h.zero(labels);
      return h;
    });
  }

  /** The exposition text of every metric, in the registry's format. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private declare<M extends Counter<never> | Gauge<never> | Histogram<never>>(kind: Kind, spec: MetricSpec<string>, make: () => M): M {
    const labels = [...(spec.labelNames ?? [])].sort().join(',');
    const existing = this.declared.get(spec.name);
    if (existing) {
      if (existing.kind !== kind || existing.labels !== labels) {
        throw new IsobarError(
          'METRIC_CONFLICT',
          `metric ${spec.name} is already declared as a ${existing.kind} with labels [${existing.labels}]; cannot declare it as a ${kind} with labels [${labels}]`,
        );
      }
      return existing.metric as M;
    }
    const metric = make();
    this.declared.set(spec.name, { kind, labels, metric: metric as Counter | Gauge | Histogram });
    return metric;
  }
}

export const MetricsId = Symbol.for('isobar.Metrics');

import type { Gauge } from 'prom-client';
import type { Metrics } from '../metrics.js';
import type { ObjectState, ObjectStatus } from '../status/condition.js';

const STATES: readonly ObjectState[] = ['valid', 'warning', 'invalid', 'orphaned'];

/**
 * isobar_objects{kind,namespace,state}: how many objects of each kind and namespace the last full build
 * judged valid, warning (served with warnings), invalid (left out) or orphaned. Every state of a
 * kind/namespace pair is present (0 included) so a dashboard's sums and ratios never lose a term; pairs
 * with no object left disappear instead of staying as stale series.
 */
export class ObjectStateGauge {
  private readonly gauge: Gauge<'kind' | 'namespace' | 'state'>;

  constructor(metrics: Metrics) {
    this.gauge = metrics.gauge({
      name: 'isobar_objects',
      help: 'Objects by kind, namespace and state after the last full build: valid, warning (served with warnings), invalid (left out), orphaned (no root reaches it).',
      labelNames: ['kind', 'namespace', 'state'],
    });
  }

  update(statuses: readonly ObjectStatus[]): void {
    const counts = new Map<string, { kind: string; namespace: string; byState: Record<ObjectState, number> }>();
    for (const s of statuses) {
      const namespace = s.ref.namespace ?? '';
      const key = `${s.ref.kind}\u0000${namespace}`;
      let c = counts.get(key);
      if (!c) counts.set(key, (c = { kind: s.ref.kind, namespace, byState: { valid: 0, warning: 0, invalid: 0, orphaned: 0 } }));
      c.byState[s.state]++;
    }
    // Rebuilt whole: cheaper than diffing, and scrapes cannot interleave with this synchronous code.
    this.gauge.reset();
    for (const { kind, namespace, byState } of counts.values()) {
      for (const state of STATES) this.gauge.set({ kind, namespace, state }, byState[state]);
    }
  }
}

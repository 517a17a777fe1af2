import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Metrics } from '../metrics.js';
import type { ObjectState, ObjectStatus } from '../status/condition.js';
import { ObjectStateGauge } from './object-states.js';
import { parseExposition, samplesOf } from '../../test/support/metrics/prometheus-text.js';

const status = (kind: string, namespace: string, name: string, state: ObjectState): ObjectStatus => ({ ref: { kind, namespace, name }, state, conditions: [] });

async function series(m: Metrics): Promise<Record<string, number>> {
  const exp = parseExposition(await m.text());
  return Object.fromEntries(samplesOf(exp, 'isobar_objects').map((s) => [`${s.labels['kind']}/${s.labels['namespace']}/${s.labels['state']}`, s.value]));
}

describe('ObjectStateGauge', () => {
  it('counts objects per kind, namespace and state, every state present, and drops pairs that went away', async () => {
    const m = new Metrics({ defaultMetrics: false });
    const g = new ObjectStateGauge(m);
    g.update([
      status('Ingress', 'web', 'a', 'valid'),
      status('Ingress', 'web', 'b', 'valid'),
      status('Ingress', 'web', 'c', 'warning'),
      status('IngressRoute', 'shop', 'r', 'invalid'),
      status('IngressRoute', 'shop', 's', 'orphaned'),
    ]);
    assert.deepEqual(await series(m), {
      'Ingress/web/valid': 2,
      'Ingress/web/warning': 1,
      'Ingress/web/invalid': 0,
      'Ingress/web/orphaned': 0,
      'IngressRoute/shop/valid': 0,
      'IngressRoute/shop/warning': 0,
      'IngressRoute/shop/invalid': 1,
      'IngressRoute/shop/orphaned': 1,
    });
    g.update([status('Ingress', 'web', 'a', 'invalid')]);
    assert.deepEqual(await series(m), { 'Ingress/web/valid': 0, 'Ingress/web/warning': 0, 'Ingress/web/invalid': 1, 'Ingress/web/orphaned': 0 });
  });
});

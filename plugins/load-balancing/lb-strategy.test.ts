import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envoy } from '../../core/index.js';
import { lbPolicyOf, strategyAttribute, strategyProblem } from './lb-strategy.js';

describe('load-balancing strategies', () => {
  const policies: Array<[string, envoy.Cluster_LbPolicy]> = [
    ['RoundRobin', envoy.Cluster_LbPolicy.ROUND_ROBIN],
    ['WeightedLeastRequest', envoy.Cluster_LbPolicy.LEAST_REQUEST],
    ['Random', envoy.Cluster_LbPolicy.RANDOM],
    ['Cookie', envoy.Cluster_LbPolicy.RING_HASH],
    ['Maglev', envoy.Cluster_LbPolicy.ROUND_ROBIN],
    ['cookie', envoy.Cluster_LbPolicy.ROUND_ROBIN],
    ['toString', envoy.Cluster_LbPolicy.ROUND_ROBIN],
  ];
  for (const [strategy, policy] of policies) {
    it(`${strategy} → ${envoy.Cluster_LbPolicy[policy]}`, () => assert.equal(lbPolicyOf(strategy), policy));
  }

  it('flags what it does not know, and nothing else', () => {
    for (const ok of [undefined, null, 'RoundRobin', 'WeightedLeastRequest', 'Random', 'Cookie']) assert.equal(strategyProblem(ok), undefined, String(ok));
    assert.match(strategyProblem('Maglev')!, /one of RoundRobin, WeightedLeastRequest, Random, Cookie, not "Maglev"; using RoundRobin/);
    assert.match(strategyProblem(3)!, /not 3;/);
    assert.match(strategyProblem('constructor')!, /not "constructor"/);
  });

  it('keeps the strategy as written in the attribute, so distinct entries keep distinct cluster names', () => {
    assert.equal(strategyAttribute('Maglev'), 'Maglev');
    assert.equal(strategyAttribute(3), '3');
    assert.equal(strategyAttribute(undefined), undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planWeights } from './weights.js';

describe('planWeights', () => {
  const cases: Array<[string, unknown[], number[], { invalid?: number[]; allZero?: boolean }]> = [
    ['no weights: equal split', [undefined, undefined, undefined], [1, 1, 1], {}],
    ['canary 90/10', [90, 10], [90, 10], {}],
    ['blue-green 100/0', [100, 0], [100, 0], {}],
    ['some weighted: the others get 0', [50, undefined, 25], [50, 0, 25], {}],
    ['null counts as not written', [null, 5], [0, 5], {}],
    ['a negative weight is ignored', [-5, 10], [0, 10], { invalid: [0] }],
    ['a fractional weight is ignored', [2.5, 10], [0, 10], { invalid: [0] }],
    ['a string weight is ignored', ['10', 10], [0, 10], { invalid: [0] }],
    ['too large for uint32', [2 ** 32, 1], [0, 1], { invalid: [0] }],
    ['the only weight invalid: as if none were written', [-1, undefined], [1, 1], { invalid: [0] }],
    ['all zero: equal split, flagged', [0, 0], [1, 1], { allZero: true }],
    ['zero and unweighted: all zero', [0, undefined], [1, 1], { allZero: true }],
    ['a single service', [7], [7], {}],
  ];
  for (const [name, written, weights, want] of cases) {
    it(name, () => {
      const plan = planWeights(written);
      assert.deepEqual(plan.weights, weights);
      assert.deepEqual(plan.invalid.map((i) => i.index), want.invalid ?? []);
      assert.equal(plan.allZero, want.allZero ?? false);
      assert.ok(plan.weights.reduce((a, b) => a + b, 0) > 0, 'Envoy needs a total above 0');
    });
  }

  it('says what was wrong with an invalid weight', () => {
    assert.match(planWeights([-3, 1]).invalid[0]!.message, /whole number from 0 to 4294967295, not -3; ignored/);
  });
});

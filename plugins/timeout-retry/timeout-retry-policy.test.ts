import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readRetryPolicy, readTimeoutPolicy, type PolicyProblem } from './timeout-retry-policy.js';

describe('readTimeoutPolicy', () => {
  const cases: Array<[string, unknown, number | undefined, string[]]> = [
    ['absent', undefined, undefined, []],
    ['1s', { request: '1s' }, 1000, []],
    ['1m30s', { request: '1m30s' }, 90_000, []],
    ['250ms', { request: '250ms' }, 250, []],
    ['infinity disables the timeout', { request: 'infinity' }, 0, []],
    ['0s disables it too', { request: '0s' }, 0, []],
    ['no request', {}, undefined, []],
    ['a bare number', { request: 5 }, undefined, ['timeoutPolicy.request']],
    ['not a duration', { request: 'soon' }, undefined, ['timeoutPolicy.request']],
    ['a negative duration', { request: '-1s' }, undefined, ['timeoutPolicy.request']],
    ['beyond what Envoy accepts', { request: '100000000h' }, undefined, ['timeoutPolicy.request']],
    ['not an object', '5s', undefined, ['timeoutPolicy']],
    ['an unknown field', { request: '2s', idle: '5s' }, 2000, ['timeoutPolicy.idle']],
  ];
  for (const [name, policy, want, fields] of cases) {
    it(name, () => {
      const problems: PolicyProblem[] = [];
      assert.equal(readTimeoutPolicy(policy, problems), want);
      assert.deepEqual(problems.map((p) => p.field), fields);
    });
  }
});

describe('readRetryPolicy', () => {
  const cases: Array<[string, unknown, ReturnType<typeof readRetryPolicy>, string[]]> = [
    ['absent', undefined, undefined, []],
    ['empty: one retry', {}, { count: 1 }, []],
    ['count', { count: 4 }, { count: 4 }, []],
    ['count and perTryTimeout', { count: 2, perTryTimeout: '150ms' }, { count: 2, perTryTimeoutMs: 150 }, []],
    ['perTryTimeout infinity: no per-try bound', { perTryTimeout: 'infinity' }, { count: 1 }, []],
    ['count 0', { count: 0 }, { count: 1 }, ['retryPolicy.count']],
    ['a fractional count', { count: 1.5 }, { count: 1 }, ['retryPolicy.count']],
    ['a string count', { count: '3' }, { count: 1 }, ['retryPolicy.count']],
    ['a bad perTryTimeout', { count: 2, perTryTimeout: 'fast' }, { count: 2 }, ['retryPolicy.perTryTimeout']],
    ['not an object', [1], undefined, ['retryPolicy']],
    ['an unknown field', { count: 2, retryOn: '5xx' }, { count: 2 }, ['retryPolicy.retryOn']],
  ];
  for (const [name, policy, want, fields] of cases) {
    it(name, () => {
      const problems: PolicyProblem[] = [];
      assert.deepEqual(readRetryPolicy(policy, problems), want);
      assert.deepEqual(problems.map((p) => p.field), fields);
    });
  }
});

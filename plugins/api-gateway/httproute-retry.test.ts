import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONNECTION_ERRORS, readRetry } from './httproute-retry.js';

describe('readRetry', () => {
  const on = (statusCodes: number[]) => ({ statusCodes, conditions: CONNECTION_ERRORS });
  const cases: Array<[string, Parameters<typeof readRetry>[0], ReturnType<typeof readRetry>['settings'], string[]]> = [
    ['empty: one retry, of connection errors only', {}, { count: 1, on: on([]) }, []],
    ['codes and attempts', { codes: [500, 502, 500], attempts: 3 }, { count: 3, on: on([500, 502]) }, []],
    ['attempts 0: no retries', { codes: [500], attempts: 0 }, { count: 0, on: on([500]) }, []],
    ['a backoff', { attempts: 2, backoff: '100ms' }, { count: 2, on: on([]), backoffBaseMs: 100 }, []],
    ['a zero backoff', { backoff: '0s' }, { count: 1, on: on([]) }, ['backoff']],
    ['a backoff that is not a duration', { backoff: 'soon' }, { count: 1, on: on([]) }, ['backoff']],
    ['a negative or fractional attempts', { attempts: 1.5 }, { count: 1, on: on([]) }, ['attempts']],
    ['codes out of range', { codes: [200, 503, 600] }, { count: 1, on: on([503]) }, ['codes[0]', 'codes[2]']],
  ];
  for (const [name, retry, settings, fields] of cases) {
    it(name, () => {
      const out = readRetry(retry);
      assert.deepEqual(out.settings, settings);
      assert.deepEqual(out.problems.map((p) => p.field), fields);
    });
  }
});

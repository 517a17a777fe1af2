import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HEALTH_CHECK_DEFAULTS, parseHealthCheck, type HealthCheckPolicy } from './health-check-policy.js';

const defaults = { host: 'contour-envoy-healthcheck', intervalSeconds: 5, timeoutSeconds: 2, unhealthyThreshold: 3, healthyThreshold: 2 };

describe('parseHealthCheck', () => {
  it('uses Contour’s defaults, Host header included', () => assert.deepEqual(HEALTH_CHECK_DEFAULTS, defaults));

  const valid: Array<[string, unknown, HealthCheckPolicy]> = [
    ['a path alone', { path: '/healthz' }, { path: '/healthz', ...defaults }],
    [
      'everything written',
      { path: '/hc?full=1', host: 'app.internal', intervalSeconds: 1, timeoutSeconds: 3, unhealthyThresholdCount: 1, healthyThresholdCount: 4 },
      { path: '/hc?full=1', host: 'app.internal', intervalSeconds: 1, timeoutSeconds: 3, unhealthyThreshold: 1, healthyThreshold: 4 },
    ],
    ['0 and null read as unset', { path: '/', host: '', intervalSeconds: 0, timeoutSeconds: null, unhealthyThresholdCount: 0 }, { path: '/', ...defaults }],
  ];
  for (const [name, raw, policy] of valid) {
    it(`accepts ${name}`, () => assert.deepEqual(parseHealthCheck(raw), { policy, issues: [] }));
  }

  const defaulted: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['a negative interval', { intervalSeconds: -1 }, 'intervalSeconds', /from 1 to 86400, not -1; using 5/],
    ['a fractional timeout', { timeoutSeconds: 1.5 }, 'timeoutSeconds', /not 1.5; using 2/],
    ['a string threshold', { unhealthyThresholdCount: '3' }, 'unhealthyThresholdCount', /not "3"; using 3/],
    ['a huge healthy threshold', { healthyThresholdCount: 2 ** 32 }, 'healthyThresholdCount', /from 1 to 4294967295/],
    ['a host with a space', { host: 'a b' }, 'host', /using contour-envoy-healthcheck/],
  ];
  for (const [name, extra, field, message] of defaulted) {
    it(`defaults ${name}, with an issue on that field`, () => {
      const { policy, issues } = parseHealthCheck({ path: '/hc', ...extra });
      assert.deepEqual(policy, { path: '/hc', ...defaults });
      assert.deepEqual(issues.map((i) => i.field), [field]);
      assert.match(issues[0]!.message, message);
    });
  }

  const noCheck: Array<[string, unknown, string]> = [
    ['no path', { intervalSeconds: 1 }, 'path'],
    ['a relative path', { path: 'healthz' }, 'path'],
    ['a path with a space', { path: '/health z' }, 'path'],
    ['a numeric path', { path: 7 }, 'path'],
    ['not a map', '/healthz', ''],
    ['a list', [{ path: '/' }], ''],
  ];
  for (const [name, raw, field] of noCheck) {
    it(`runs no check for ${name}`, () => {
      const { policy, issues } = parseHealthCheck(raw);
      assert.equal(policy, undefined);
      assert.deepEqual(issues.map((i) => i.field), [field]);
      assert.match(issues[0]!.message, /no health check$/);
    });
  }
});

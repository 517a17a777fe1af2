import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Dag, envoy, ObjectStore, StatusRecorder, type DagRoute } from '../../core/index.js';
import { standaloneContext } from '../../core/index.js';
import { originRoute, runRouteFeature } from '../../test/fixtures/feature-routes.js';
import { RETRY_ON, TimeoutRetryFeature } from './timeout-retry-feature.js';

const route = (i: number, spec: Record<string, unknown> | undefined) => originRoute(i, spec);
const run = (plain: DagRoute[], secure: DagRoute[] = []) => runRouteFeature(new TimeoutRetryFeature(), plain, secure);

describe('timeout-retry feature', () => {
  it('sets the route timeout, 0 for infinity, and nothing without a timeoutPolicy', () => {
    const { out } = run([route(0, { timeoutPolicy: { request: '1.5s' } }), route(1, { timeoutPolicy: { request: 'infinity' } }), route(2, {}), route(3, undefined)]);
    assert.deepEqual(out.map((r) => r.timeout), [{ seconds: 1, nanos: 500_000_000 }, { seconds: 0, nanos: 0 }, undefined, undefined]);
  });

  it('sets a retry policy with count and perTryTimeout, one retry by default, none without retryPolicy', () => {
    const { out } = run([route(0, { retryPolicy: { count: 3, perTryTimeout: '250ms' } }), route(1, { retryPolicy: {} }), route(2, { timeoutPolicy: { request: '1s' } })]);
    const [full, defaults, none] = out.map((r) => r.retryPolicy);
    assert.equal(full?.retryOn, RETRY_ON);
    assert.equal(full?.numRetries, 3);
    assert.deepEqual(full?.perTryTimeout, { seconds: 0, nanos: 250_000_000 });
    assert.equal(defaults?.retryOn, '5xx,gateway-error,reset,connect-failure');
    assert.equal(defaults?.numRetries, 1);
    assert.equal(defaults?.perTryTimeout, undefined);
    assert.equal(none, undefined);
  });

  it('warns once per field of a route that appears on both listeners, and keeps what is valid', () => {
    const spec = { timeoutPolicy: { request: 'soon' }, retryPolicy: { count: -1 } };
    const { out, conditions } = run([route(4, spec)], [route(4, spec)]);
    assert.deepEqual(conditions.map((c) => [c.reason, c.field]), [
      ['FieldInvalid', 'spec.routes[4].timeoutPolicy.request'],
      ['FieldInvalid', 'spec.routes[4].retryPolicy.count'],
    ]);
    assert.equal(out[0]!.timeout, undefined);
    assert.equal(out[0]!.retryPolicy?.numRetries, 1);
  });

  it('leaves a redirect (no route action) alone', () => {
    const r = route(0, { timeoutPolicy: { request: '1s' }, retryPolicy: {} });
    const feature = new TimeoutRetryFeature();
    const dag = new Dag();
    dag.virtualHost('h').routes.push(r);
    feature.processor.run(standaloneContext({ dag, store: new ObjectStore(), status: new StatusRecorder(), features: new Set() }));
    const e = envoy.Route.fromPartial({ redirect: { httpsRedirect: true } });
    feature.hooks.route!(r, e);
    assert.equal(e.route, undefined);
  });
});

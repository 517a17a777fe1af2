import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Attributes, Dag, envoy, objectKey, ObjectStore, StatusRecorder, type DagRoute, type RouteAction, type StoredObject } from '../../core/index.js';
import { RETRY_ON, TimeoutRetryFeature } from './timeout-retry-feature.js';

const object: StoredObject = {
  key: objectKey({ kind: 'IngressRoute', namespace: 'default', name: 'app' }),
  object: { apiVersion: 'contour.heptio.com/v1beta1', kind: 'IngressRoute', metadata: { name: 'app', namespace: 'default' } },
  origin: { source: 'test' },
};
// The processor does not look at the action; the hook only at the Envoy route it is given.
const anyAction: RouteAction = { kind: 'direct', status: 200, body: '' };

function route(i: number, spec: Record<string, unknown> | undefined): DagRoute {
  return {
    match: { kind: 'prefix', path: `/r${i}` },
    action: anyAction,
    owner: { kind: 'IngressRoute', namespace: 'default', name: 'app' },
    ownerRank: '',
    ...(spec ? { origin: { object, field: `spec.routes[${i}]`, spec } } : {}),
    attributes: new Attributes(),
  };
}

/** The feature's processor over `plain` (and `secure`) routes, then its hook on a forwarding Envoy route per plain route. */
function run(plain: DagRoute[], secure: DagRoute[] = []) {
  const feature = new TimeoutRetryFeature();
  const dag = new Dag();
  dag.virtualHost('app.example.com').routes.push(...plain);
  dag.secureVirtualHost('app.example.com', undefined).routes.push(...secure);
  const status = new StatusRecorder();
  feature.processor.run({ dag, store: new ObjectStore(), status, features: new Set([feature.id]) });
  const out = plain.map((r) => {
    const e = envoy.Route.fromPartial({ route: { cluster: 'c' } });
    feature.hooks.route!(r, e);
    return e.route!;
  });
  return { out, conditions: status.results().flatMap((s) => s.conditions) };
}

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
    feature.processor.run({ dag, store: new ObjectStore(), status: new StatusRecorder(), features: new Set() });
    const e = envoy.Route.fromPartial({ redirect: { httpsRedirect: true } });
    feature.hooks.route!(r, e);
    assert.equal(e.route, undefined);
  });
});

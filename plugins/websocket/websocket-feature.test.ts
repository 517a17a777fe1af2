import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Attributes, Dag, envoy, objectKey, ObjectStore, StatusRecorder, type DagRoute, type RouteAction, type StoredObject } from '../../core/index.js';
import { standaloneContext } from '../../core/index.js';
import { WEBSOCKETS, WebsocketFeature } from './websocket-feature.js';

const object: StoredObject = {
  key: objectKey({ kind: 'IngressRoute', namespace: 'default', name: 'chat' }),
  object: { apiVersion: 'contour.heptio.com/v1beta1', kind: 'IngressRoute', metadata: { name: 'chat', namespace: 'default' } },
  origin: { source: 'test' },
};
// The processor does not look at the action; the hook only at the Envoy route it is given.
const anyAction: RouteAction = { kind: 'direct', status: 200, body: '' };

function route(i: number, spec: Record<string, unknown> | undefined, action: RouteAction = anyAction): DagRoute {
  return {
    match: { kind: 'prefix', path: `/r${i}` },
    action,
    owner: { kind: 'IngressRoute', namespace: 'default', name: 'chat' },
    ownerRank: '',
    ...(spec ? { origin: { object, field: `spec.routes[${i}]`, spec } } : {}),
    attributes: new Attributes(),
  };
}

/** Runs the feature's processor over `routes` on one host, then its route hook on a forwarding Envoy route each. */
function run(routes: DagRoute[]) {
  const feature = new WebsocketFeature();
  const dag = new Dag();
  dag.virtualHost('ws.example.com').routes.push(...routes);
  const status = new StatusRecorder();
  feature.processor.run(standaloneContext({ dag, store: new ObjectStore(), status, features: new Set([feature.id]) }));
  const out = routes.map((r) => {
    const e = envoy.Route.fromPartial({ route: { cluster: 'c' } });
    feature.hooks.route!(r, e);
    return e.route?.upgradeConfigs ?? [];
  });
  return { out, conditions: status.results().flatMap((s) => s.conditions) };
}

describe('websocket feature', () => {
  const cases: Array<[string, Record<string, unknown> | undefined, boolean]> = [
    ['enableWebsockets: true', { match: '/', enableWebsockets: true }, true],
    ['enableWebsockets: false', { match: '/', enableWebsockets: false }, false],
    ['no enableWebsockets', { match: '/' }, false],
    ['a route without origin (an Ingress)', undefined, false],
  ];
  for (const [name, spec, enabled] of cases) {
    it(`${enabled ? 'allows' : 'does not allow'} upgrades for ${name}`, () => {
      const { out, conditions } = run([route(0, spec)]);
      assert.deepEqual(out[0], enabled ? [{ upgradeType: 'websocket', connectConfig: undefined, enabled: true }] : []);
      assert.deepEqual(conditions, []);
    });
  }

  it('sets upgradeConfigs only on the enabled route of several', () => {
    const { out } = run([route(0, { enableWebsockets: true }), route(1, {}), route(2, { enableWebsockets: true })]);
    assert.deepEqual(out.map((u) => u.length), [1, 0, 1]);
  });

  it('warns about a non-boolean value and leaves the route without upgrades', () => {
    const r = route(3, { enableWebsockets: 'yes' });
    const { out, conditions } = run([r]);
    assert.deepEqual(out[0], []);
    assert.equal(r.attributes.has(WEBSOCKETS), false);
    assert.equal(conditions.length, 1);
    assert.equal(conditions[0]!.reason, 'FieldInvalid');
    assert.equal(conditions[0]!.field, 'spec.routes[3].enableWebsockets');
  });

  it('leaves a redirect (no route action) alone', () => {
    const r = route(0, { enableWebsockets: true }, { kind: 'redirect-https' });
    const feature = new WebsocketFeature();
    const e = envoy.Route.fromPartial({ redirect: { httpsRedirect: true } });
    r.attributes.set(WEBSOCKETS, true);
    feature.hooks.route!(r, e);
    assert.equal(e.route, undefined);
  });
});

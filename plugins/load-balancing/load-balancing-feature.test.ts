import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envoy, type K8sObject } from '../../core/index.js';
import { buildWithFeatures, ingressRoute } from '../../test/fixtures/feature-build.js';
import { endpoints, service } from '../../test/fixtures/objects.js';
import { LoadBalancingFeature } from './load-balancing-feature.js';
import { AFFINITY_COOKIE } from './session-affinity.js';

const svc = (name: string): K8sObject[] => [service('shop', name, [{ port: 80 }]), endpoints('shop', name, '10.0.0.1', [{ port: 8080 }])];
const base = [...svc('stable'), ...svc('canary'), ...svc('pool')];

function build(routes: unknown[], loaded = true) {
  const b = buildWithFeatures([...base, ingressRoute('shop', 'app', { virtualhost: { fqdn: 'shop.example.com' }, routes })], loaded ? [new LoadBalancingFeature()] : []);
  const route = (path: string) => {
    const r = b.routes('shop.example.com').find((x) => x.match?.prefix === path);
    assert.ok(r, `route ${path}`);
    return r;
  };
  /** A weighted route's split as `service=weight`, in Envoy's order. */
  const split = (path: string) => route(path).route?.weightedClusters?.clusters.map((c) => `${c.name.split('/')[1]}=${c.weight}`);
  const clusterOf = (path: string) => b.cluster(route(path).route!.cluster!);
  return { ...b, route, split, clusterOf, conditions: () => b.conditions('shop', 'app') };
}

describe('load-balancing feature', () => {
  it('splits by weight, gives unweighted services 0 when others have a weight, and splits equally without any', () => {
    const b = build([
      { match: '/canary', services: [{ name: 'stable', port: 80, weight: 90 }, { name: 'canary', port: 80, weight: 10 }] },
      { match: '/blue-green', services: [{ name: 'stable', port: 80, weight: 100 }, { name: 'canary', port: 80 }] },
      { match: '/equal', services: [{ name: 'stable', port: 80 }, { name: 'canary', port: 80 }] },
    ]);
    assert.deepEqual(b.split('/canary'), ['stable=90', 'canary=10']);
    assert.deepEqual(b.split('/blue-green'), ['stable=100', 'canary=0']);
    assert.deepEqual(b.split('/equal'), ['stable=1', 'canary=1']);
    assert.deepEqual(b.conditions(), []);
  });

  it('serves all-zero weights as an equal split, with a warning on the route', () => {
    const b = build([{ match: '/', services: [{ name: 'stable', port: 80, weight: 0 }, { name: 'canary', port: 80, weight: 0 }] }]);
    assert.deepEqual(b.split('/'), ['stable=1', 'canary=1']);
    assert.deepEqual(b.conditions().map((c) => [c.reason, c.field]), [['WeightsAllZero', 'spec.routes[0].services']]);
  });

  it('ignores an invalid weight with a FieldInvalid warning on that field', () => {
    const b = build([{ match: '/', services: [{ name: 'stable', port: 80, weight: -5 }, { name: 'canary', port: 80, weight: 10 }] }]);
    assert.deepEqual(b.split('/'), ['stable=0', 'canary=10']);
    assert.deepEqual(b.conditions().map((c) => [c.reason, c.field]), [['FieldInvalid', 'spec.routes[0].services[0].weight']]);
  });

  it('sets each cluster’s load balancer from its strategy', () => {
    const b = build([
      { match: '/rr', services: [{ name: 'pool', port: 80, strategy: 'RoundRobin' }] },
      { match: '/wlr', services: [{ name: 'pool', port: 80, strategy: 'WeightedLeastRequest' }] },
      { match: '/random', services: [{ name: 'pool', port: 80, strategy: 'Random' }] },
      { match: '/cookie', services: [{ name: 'pool', port: 80, strategy: 'Cookie' }] },
      { match: '/plain', services: [{ name: 'pool', port: 80 }] },
    ]);
    const policy = (path: string) => envoy.Cluster_LbPolicy[b.clusterOf(path).lbPolicy];
    assert.deepEqual(['/rr', '/wlr', '/random', '/cookie', '/plain'].map(policy), ['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM', 'RING_HASH', 'ROUND_ROBIN']);
    assert.equal(new Set(['/rr', '/wlr', '/random', '/cookie', '/plain'].map((p) => b.route(p).route!.cluster)).size, 5, 'one cluster per strategy');
    assert.deepEqual(b.conditions(), []);
  });

  it('hashes on the affinity cookie, which Envoy sets itself, on routes to a Cookie service only', () => {
    const b = build([
      { match: '/cookie', services: [{ name: 'pool', port: 80, strategy: 'Cookie' }] },
      { match: '/mixed', services: [{ name: 'stable', port: 80, strategy: 'Cookie', weight: 50 }, { name: 'canary', port: 80, weight: 50 }] },
      { match: '/rr', services: [{ name: 'pool', port: 80, strategy: 'RoundRobin' }] },
    ]);
    for (const path of ['/cookie', '/mixed']) {
      const [policy, ...more] = b.route(path).route!.hashPolicy;
      assert.equal(more.length, 0);
      assert.equal(policy?.cookie?.name, AFFINITY_COOKIE);
      assert.equal(policy?.cookie?.path, '/');
      assert.deepEqual(policy?.cookie?.ttl, { seconds: 0, nanos: 0 }, 'a ttl must be present for Envoy to generate the cookie');
    }
    assert.deepEqual(b.route('/rr').route!.hashPolicy, []);
  });

  it('serves an unknown strategy as round robin, warns, and keeps it apart from other entries', () => {
    const b = build([
      { match: '/a', services: [{ name: 'pool', port: 80, strategy: 'Maglev' }] },
      { match: '/b', services: [{ name: 'pool', port: 80, strategy: 'LeastConn' }] },
      { match: '/c', services: [{ name: 'pool', port: 80, strategy: 'RoundRobin' }] },
    ]);
    assert.equal(b.clusterOf('/a').lbPolicy, envoy.Cluster_LbPolicy.ROUND_ROBIN);
    assert.equal(new Set(['/a', '/b', '/c'].map((p) => b.route(p).route!.cluster)).size, 3);
    assert.deepEqual(b.conditions().map((c) => [c.reason, c.field]), [
      ['FieldInvalid', 'spec.routes[0].services[0].strategy'],
      ['FieldInvalid', 'spec.routes[1].services[0].strategy'],
    ]);
  });

  it('warns once per field, however many routes the entry ends up in', () => {
    const b = buildWithFeatures(
      [
        ...base,
        ingressRoute('shop', 'one', { virtualhost: { fqdn: 'one.example.com' }, routes: [{ match: '/', services: [{ name: 'pool', port: 80, strategy: 'Nope' }] }] }),
        ingressRoute('shop', 'two', { virtualhost: { fqdn: 'two.example.com' }, routes: [{ match: '/', services: [{ name: 'pool', port: 80, strategy: 'Nope' }] }] }),
      ],
      [new LoadBalancingFeature()],
    );
    for (const name of ['one', 'two']) assert.deepEqual(b.conditions('shop', name).map((c) => c.reason), ['FieldInvalid'], `${name} shares the cluster and still hears about it`);
  });

  it('without the plugin, weights and strategies are ignored with a FeatureDisabled warning', () => {
    const b = build([{ match: '/', services: [{ name: 'stable', port: 80, weight: 90, strategy: 'Random' }, { name: 'canary', port: 80, weight: 10 }] }], false);
    assert.deepEqual(b.split('/'), ['stable=1', 'canary=1']);
    assert.ok(b.conditions().every((c) => c.reason === 'FeatureDisabled') && b.conditions().length === 3);
  });
});

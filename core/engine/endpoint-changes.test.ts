import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { K8sObject } from '../model/k8s-object.js';
import { TypeUrl } from '../snapshot/snapshot.js';
import { build } from '../../test/fixtures/build.js';
import { ingressV1, service, storeOf } from '../../test/fixtures/objects.js';
import { rebuildEndpoints } from './build.js';
import { EndpointChanges } from './endpoint-changes.js';

function slice(ns: string, name: string, svc: string | undefined, ip: string, port = 8080): K8sObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: ns, ...(svc ? { labels: { 'kubernetes.io/service-name': svc } } : {}) },
    addressType: 'IPv4',
    ports: [{ name: 'http', port }],
    endpoints: [{ addresses: [ip], conditions: { ready: true } }],
  };
}

const put = (store: ReturnType<typeof storeOf>, o: K8sObject) => store.applyDelta('test', [{ object: o, origin: { source: 'test' } }], []);

describe('EndpointChanges', () => {
  it('counts everything as changed until the first full build', () => {
    const store = storeOf([]);
    const c = new EndpointChanges();
    c.note('Endpoints/a/web');
    assert.equal(c.take(store), undefined);
  });

  it('names the service of a changed Endpoints, and both services of a relabelled or deleted slice', () => {
    const store = storeOf([slice('a', 's1', 'web', '10.0.0.1'), slice('a', 's2', 'api', '10.0.0.2')], 'a');
    const c = new EndpointChanges();
    c.reset(store);
    c.note('Endpoints/a/shop');
    assert.deepEqual([...c.take(store)!].sort(), ['a/shop']);

    store.applyDelta('test', [{ object: slice('a', 's1', 'api', '10.0.0.1'), origin: { source: 'test' } }], []);
    c.note('EndpointSlice/a/s1');
    assert.deepEqual([...c.take(store)!].sort(), ['a/api', 'a/web'], 'moved from web to api');

    store.applyDelta('test', [], [{ kind: 'EndpointSlice', namespace: 'a', name: 's2' }]);
    c.note('EndpointSlice/a/s2');
    assert.deepEqual([...c.take(store)!], ['a/api'], 'a deleted slice changes the service it belonged to');
    assert.deepEqual([...c.take(store)!], [], 'nothing pending after take');

    c.invalidate();
    assert.equal(c.take(store), undefined);
  });
});

describe('rebuildEndpoints for some services', () => {
  it('recomputes only their assignments, keeps the others as they were, and equals a full recompute', () => {
    const objects = ['web', 'api'].flatMap((svc, i) => [
      service('a', svc, [{ name: 'http', port: 80 }]),
      slice('a', `${svc}-1`, svc, `10.0.0.${i + 1}`),
      ingressV1('a', svc, { rules: [{ host: `${svc}.example.com`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: svc, port: { number: 80 } } } }] } }] }),
    ]);
    const store = storeOf(objects, 'a');
    const first = build(store);
    put(store, slice('a', 'web-1', 'web', '10.9.9.9'));
    const partial = rebuildEndpoints(first, store, new Set(['a/web']))!;
    const full = rebuildEndpoints(first, store)!;
    const cla = (r: typeof first) => r.resources.get(TypeUrl.ClusterLoadAssignment)!;
    const byName = (r: typeof first, prefix: string) => cla(r).find((x) => x.name.startsWith(prefix))!;
    assert.equal(byName(partial, 'a/api/'), byName(first, 'a/api/'), 'api kept as the same object');
    assert.notDeepEqual(byName(partial, 'a/web/').resource.value, byName(first, 'a/web/').resource.value, 'web recomputed');
    assert.equal(partial.snapshot.version, full.snapshot.version, 'same snapshot as recomputing everything');
    assert.ok(Buffer.from(byName(partial, 'a/web/').resource.value).includes(Buffer.from('10.9.9.9')));
  });

  it('gives up (for a full build to charge the object) when an endpoint is one Envoy would refuse', () => {
    const objects = [service('a', 'web', [{ name: 'http', port: 80 }]), slice('a', 'web-1', 'web', '10.0.0.1'), ingressV1('a', 'web', { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] })];
    const store = storeOf(objects, 'a');
    const first = build(store);
    put(store, slice('a', 'web-1', 'web', '10.9.9.9', 70000));
    assert.equal(rebuildEndpoints(first, store, new Set(['a/web'])), undefined);
  });
});

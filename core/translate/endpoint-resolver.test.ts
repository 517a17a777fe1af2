import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newAttributes, type DagCluster } from '../dag/dag-types.js';
import type { K8sObject } from '../model/k8s-object.js';
import { build } from '../../test/fixtures/build.js';
import { endpoints, ingressV1, service, storeOf } from '../../test/fixtures/objects.js';
import { indexSlices, resolveEndpoints } from './endpoint-resolver.js';

const cluster: DagCluster = { service: { kind: 'Service', namespace: 'ns', name: 'web' }, port: { port: 80 }, endpointsName: 'ns/web/80', attributes: newAttributes() };
const slice = (body: Record<string, unknown>): K8sObject =>
  ({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-x', namespace: 'ns', labels: { 'kubernetes.io/service-name': 'web' } }, addressType: 'IPv4', ...body }) as K8sObject;
const eps = (subsets: unknown): K8sObject => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'ns' }, subsets }) as K8sObject;

describe('endpoint resolver on malformed entries (found by the fuzz storm: a null in a list failed every build)', () => {
  const cases: Array<[string, K8sObject, string[]]> = [
    ['slice endpoints: [null]', slice({ endpoints: [null, { addresses: ['10.0.0.1'] }], ports: [{ port: 8080 }] }), ['10.0.0.1:8080']],
    ['slice ports: [null]', slice({ endpoints: [{ addresses: ['10.0.0.1'] }], ports: [null, { port: 8080 }] }), ['10.0.0.1:8080']],
    ['slice addresses: [null]', slice({ endpoints: [{ addresses: [null, '10.0.0.2'] }], ports: [{ port: 8080 }] }), ['10.0.0.2:8080']],
    ['slice conditions: null', slice({ endpoints: [{ addresses: ['10.0.0.3'], conditions: null }], ports: [{ port: 8080 }] }), ['10.0.0.3:8080']],
    ['Endpoints subsets: [null]', eps([null, { addresses: [{ ip: '10.0.0.4' }], ports: [{ port: 81 }] }]), ['10.0.0.4:81']],
    ['Endpoints ports: [null], addresses: [null]', eps([{ addresses: [null, { ip: '10.0.0.5' }], ports: [null, { port: 82 }] }]), ['10.0.0.5:82']],
    ['Endpoints subsets not a list', eps(7), []],
  ];
  for (const [name, object, want] of cases) {
    it(`${name}: skips what is malformed, keeps the rest`, () => {
      const store = storeOf([object], 'ns');
      assert.deepEqual(resolveEndpoints(cluster, store, indexSlices(store)).map((a) => `${a.ip}:${a.port}`), want);
    });
  }

  it('a build with such an EndpointSlice does not fail, and serves its sound endpoints', () => {
    const objects = [
      service('ns', 'web', [{ port: 80 }]),
      endpoints('ns', 'other', '127.0.0.1', [{ port: 9 }]),
      slice({ endpoints: [null], ports: [null] }),
      ingressV1('ns', 'site', { rules: [{ host: 'a.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] }),
    ];
    const result = build(storeOf(objects, 'ns'));
    assert.ok(result.snapshot.resources.get('type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment' as never)?.items.size);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { build, SETTINGS } from '../../test/fixtures/build.js';
import { endpoints, ingressV1, service, storeOf } from '../../test/fixtures/objects.js';
import { TypeUrl } from '../snapshot/snapshot.js';

function store() {
  return storeOf([
    service('web', 'shop', [{ name: 'http', port: 80 }]),
    endpoints('web', 'shop', '10.0.0.7', [{ name: 'http', port: 8080 }]),
    ingressV1('web', 'shop', {
      rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'shop', port: { number: 80 } } } }] } }],
    }),
  ]);
}

describe('proxyless gRPC resources', () => {
  it('are not built unless asked for', () => {
    const s = build(store()).snapshot;
    assert.deepEqual([...s.resources.get(TypeUrl.Listener)!.items.keys()].sort(), ['ingress_http']);
    assert.deepEqual([...s.resources.get(TypeUrl.RouteConfiguration)!.items.keys()].sort(), ['ingress_http']);
  });

  it('give each host an API listener and a grpc/<host> route configuration, for explicit requests only', () => {
    const s = build(store(), { ...SETTINGS, proxylessGrpc: true }).snapshot;
    const api = s.resources.get(TypeUrl.Listener)!.items.get('shop.example.com');
    assert.ok(api?.explicitOnly, 'API listener, sent only when named');
    assert.ok(s.resources.get(TypeUrl.RouteConfiguration)!.items.get('grpc/shop.example.com')?.explicitOnly);
  });
});

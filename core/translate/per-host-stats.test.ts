import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { build, routeConfig, SETTINGS } from '../../test/fixtures/build.js';
import { endpoints, ingressV1, service, storeOf } from '../../test/fixtures/objects.js';
import { RouteConfiguration } from '../generated/envoy/config/route/v3/route.js';
import { TypeUrl } from '../snapshot/snapshot.js';
import { virtualHostName } from './names.js';

function store() {
  const rule = (host: string) => ({ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'shop', port: { number: 80 } } } }] } });
  return storeOf([
    service('web', 'shop', [{ name: 'http', port: 80 }]),
    endpoints('web', 'shop', '10.0.0.7', [{ name: 'http', port: 8080 }]),
    ingressV1('web', 'shop', { rules: [rule('shop.example.com'), rule('*.example.org')] }),
  ]);
}

describe('virtual host names', () => {
  const cases: Array<[string, string]> = [
    ['shop.example.com', 'shop_example_com'],
    ['*.example.org', '*_example_org'],
    ['*', '*'],
    ['a-b.c0', 'a-b_c0'],
  ];
  for (const [host, name] of cases) it(`${host} → ${name}`, () => assert.equal(virtualHostName(host), name));

  it('hold no dot (Envoy splits stat names at dots) and stay distinct for text that is no valid host', () => {
    const odd = ['a_b.com', 'a.b_com', 'A.com', 'a:80'];
    const names = odd.map(virtualHostName);
    for (const n of names) assert.doesNotMatch(n, /\./, n);
    assert.equal(new Set(names).size, odd.length, names.join(' '));
    assert.equal(virtualHostName('a_b.com'), virtualHostName('a_b.com'), 'deterministic');
  });
});

describe('per-host stats', () => {
  it('give every virtual host one virtual cluster "all" matching every request', () => {
    const rc = routeConfig(build(store(), { ...SETTINGS, perHostStats: true }), 'ingress_http');
    assert.deepEqual(
      rc.virtualHosts.map((v) => [v.name, v.domains, v.virtualClusters.map((c) => [c.name, c.headers.map((h) => [h.name, h.presentMatch])])]),
      [
        ['*_example_org', ['*.example.org'], [['all', [[':method', true]]]]],
        ['shop_example_com', ['shop.example.com'], [['all', [[':method', true]]]]],
      ],
    );
  });

  it('are left out when off', () => {
    const rc = routeConfig(build(store(), { ...SETTINGS, perHostStats: false }), 'ingress_http');
    assert.deepEqual(rc.virtualHosts.map((v) => v.virtualClusters.length), [0, 0]);
  });

  it('are not sent to proxyless gRPC clients', () => {
    const s = build(store(), { ...SETTINGS, perHostStats: true, proxylessGrpc: true }).snapshot;
    const grpc = RouteConfiguration.decode(s.resources.get(TypeUrl.RouteConfiguration)!.items.get('grpc/shop.example.com')!.resource.value);
    assert.deepEqual(grpc.virtualHosts.map((v) => [v.name, v.virtualClusters.length]), [['shop_example_com', 0]]);
  });
});

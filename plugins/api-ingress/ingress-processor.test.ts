import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { build, routeConfig } from '../../test/fixtures/build.js';
import { buildWithConfig } from '../../test/fixtures/build-with-config.js';
import { endpoints, ingressV1, service, storeOf } from '../../test/fixtures/objects.js';
import type { K8sObject } from '../../core/model/k8s-object.js';

const backend = (name: string, port: number | string) => ({ service: { name, port: typeof port === 'number' ? { number: port } : { name: port } } });
const base: K8sObject[] = [service('team', 'web', [{ name: 'http', port: 80 }]), endpoints('team', 'web', '10.0.0.1', [{ name: 'http', port: 8080 }])];

function routesOf(objects: K8sObject[], host = '*', hostOwnership: 'namespace' | 'shared' = 'namespace') {
  const result = buildWithConfig([...base, ...objects], { 'tenancy.hostOwnership': hostOwnership });
  const vh = routeConfig(result, 'ingress_http').virtualHosts.find((v) => v.domains[0] === host);
  return { result, routes: vh?.routes ?? [] };
}

describe('ingress processor', () => {
  it('orders exact before prefix and longer prefixes first', () => {
    const { routes } = routesOf([
      ingressV1('team', 'a', {
        rules: [
          {
            http: {
              paths: [
                { path: '/', pathType: 'Prefix', backend: backend('web', 80) },
                { path: '/api', pathType: 'Prefix', backend: backend('web', 80) },
                { path: '/api/v1', pathType: 'ImplementationSpecific', backend: backend('web', 80) },
                { path: '/api/exact', pathType: 'Exact', backend: backend('web', 'http') },
              ],
            },
          },
        ],
      }),
    ]);
    const matches = routes.map((r) => r.match?.path ?? r.match?.pathSeparatedPrefix ?? r.match?.prefix);
    assert.deepEqual(matches, ['/api/exact', '/api/v1', '/api', '/']);
    assert.equal(routes[2]!.match?.pathSeparatedPrefix, '/api', 'Prefix is segment-aware');
    assert.equal(routes[1]!.match?.prefix, '/api/v1', 'ImplementationSpecific is a string prefix');
  });

  const invalid: Array<[string, unknown, string]> = [
    ['missing service', { rules: [{ http: { paths: [{ path: '/x', pathType: 'Prefix', backend: backend('nope', 80) }] } }] }, 'ServiceNotFound'],
    ['missing port', { rules: [{ http: { paths: [{ path: '/x', pathType: 'Prefix', backend: backend('web', 81) }] } }] }, 'ServicePortNotFound'],
    ['bad host', { rules: [{ host: 'Bad_Host', http: { paths: [{ path: '/x', pathType: 'Prefix', backend: backend('web', 80) }] } }] }, 'HostInvalid'],
    ['relative path', { rules: [{ http: { paths: [{ path: 'x', pathType: 'Prefix', backend: backend('web', 80) }] } }] }, 'PathInvalid'],
    ['missing tls secret', { tls: [{ hosts: ['a.example.com'], secretName: 'gone' }], rules: [] }, 'SecretNotFound'],
    ['null tls entry', { tls: [null], rules: [{ http: { paths: [{ path: '/x', pathType: 'Prefix', backend: backend('web', 80) }] } }] }, 'TLSEntryInvalid'],
  ];
  for (const [name, spec, reason] of invalid) {
    it(`reports ${name} and keeps other objects served`, () => {
      const good = ingressV1('team', 'good', { rules: [{ http: { paths: [{ path: '/good', pathType: 'Prefix', backend: backend('web', 80) }] } }] });
      const { result, routes } = routesOf([good, ingressV1('team', 'bad', spec)]);
      const bad = result.statuses.find((s) => s.ref.name === 'bad');
      assert.ok(bad?.conditions.some((c) => c.reason === reason), `conditions: ${JSON.stringify(bad?.conditions)}`);
      assert.notEqual(bad?.state, 'valid');
      assert.ok(routes.some((r) => r.match?.pathSeparatedPrefix === '/good'), 'the good Ingress is still served');
      assert.equal(result.statuses.find((s) => s.ref.name === 'good')?.state, 'valid');
    });
  }

  it('a missing service answers 503 instead of falling through to a shorter prefix', () => {
    const { routes } = routesOf([
      ingressV1('team', 'a', { rules: [{ http: { paths: [{ path: '/gone', pathType: 'Prefix', backend: backend('nope', 80) }] } }] }),
    ]);
    assert.equal(routes[0]?.directResponse?.status, 503);
  });

  it('with shared hosts, the older Ingress keeps a contested path; the newer one gets a condition naming it', () => {
    const spec = (svc: string) => ({ rules: [{ http: { paths: [{ path: '/login', pathType: 'Prefix', backend: backend(svc, 80) }] } }] });
    const objects = [
      service('tenant-b', 'web', [{ port: 80 }]),
      ingressV1('tenant-b', 'login', spec('web'), undefined, '2026-01-02T00:00:00Z'),
      ingressV1('team', 'login', spec('web'), undefined, '2026-01-01T00:00:00Z'),
    ];
    const { result, routes } = routesOf(objects, '*', 'shared');
    const login = routes.filter((r) => r.match?.pathSeparatedPrefix === '/login');
    assert.equal(login.length, 1);
    assert.match(login[0]!.route!.cluster ?? '', /^team\/web\//);
    const loser = result.statuses.find((s) => s.ref.namespace === 'tenant-b');
    assert.match(loser!.conditions[0]!.message, /already served by Ingress team\/login/);
  });

  it('the same input in any order gives a byte-identical snapshot', () => {
    const objs = [
      ingressV1('team', 'a', { rules: [{ host: 'a.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('web', 80) }] } }] }),
      ingressV1('team', 'b', { rules: [{ host: 'b.example.com', http: { paths: [{ path: '/b', pathType: 'Exact', backend: backend('web', 80) }] } }] }),
    ];
    const one = build(storeOf([...base, ...objs]));
    const two = build(storeOf([...objs].reverse().concat([...base].reverse())));
    assert.equal(one.snapshot.version, two.snapshot.version);
  });

  it('wildcard hosts match exactly one label', () => {
    const { routes } = routesOf(
      [ingressV1('team', 'w', { rules: [{ host: '*.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('web', 80) }] } }] })],
      '*.example.com',
    );
    const re = new RegExp(routes[0]!.match!.headers[0]!.stringMatch!.safeRegex!.regex);
    assert.ok(re.test('a.example.com'));
    assert.ok(re.test('a.example.com:8080'));
    assert.ok(!re.test('a.b.example.com'));
  });

  it('a name deeper than a wildcard falls through to the rules without a host', () => {
    const { routes } = routesOf(
      [
        ingressV1('team', 'w', { rules: [{ host: '*.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('web', 80) }] } }] }),
        ingressV1('team', 'any', { rules: [{ http: { paths: [{ path: '/x', pathType: 'Prefix', backend: backend('web', 80) }] } }] }),
      ],
      '*.example.com',
    );
    assert.equal(routes.length, 2);
    assert.equal(routes[0]!.match?.prefix, '/');
    assert.ok(routes[0]!.match?.headers.length, 'own route restricted to one label');
    assert.equal(routes[1]!.match?.pathSeparatedPrefix, '/x', 'catch-all route after the host’s own');
    assert.equal(routes[1]!.match?.headers.length, 0);
  });

  it('v1beta1 serviceName/servicePort and the default backend', () => {
    const { routes } = routesOf([
      {
        apiVersion: 'extensions/v1beta1',
        kind: 'Ingress',
        metadata: { name: 'old', namespace: 'team' },
        spec: { backend: { serviceName: 'web', servicePort: 'http' }, rules: [{ http: { paths: [{ path: '/x', backend: { serviceName: 'web', servicePort: 80 } }] } }] },
      },
    ]);
    assert.equal(routes.length, 2);
    assert.equal(routes[0]!.match?.prefix, '/x');
    assert.equal(routes[1]!.match?.prefix, '/', 'default backend comes last');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routeConfig } from '../../test/fixtures/build.js';
import type { K8sObject } from '../../core/model/k8s-object.js';
import { buildWithConfig } from '../../test/fixtures/build-with-config.js';
import { IR_BASE as base, ir, runIngressRoutes as run } from '../../test/fixtures/ingressroute.js';

describe('IngressRoute processor', () => {
  it('serves the seed article example', () => {
    const { routes, state } = run([ir('default', 'basic', { virtualhost: { fqdn: 'foo-basic.bar.com' }, routes: [{ match: '/', services: [{ name: 's1', port: 80 }] }] })]);
    assert.equal(routes('foo-basic.bar.com')[0]?.match?.prefix, '/');
    assert.match(routes('foo-basic.bar.com')[0]?.route?.cluster ?? '', /^default\/s1\/80\//);
    assert.equal(state('default', 'basic')?.state, 'valid');
  });

  it('delegates a prefix to another namespace; a child with a route outside it is invalid and serves nothing; unreached children are orphaned', () => {
    const { routes, state } = run([
      ir('default', 'root', {
        virtualhost: { fqdn: 'site.example.com' },
        routes: [{ match: '/', services: [{ name: 's1', port: 80 }] }, { match: '/blog', delegate: { name: 'blog', namespace: 'blog' } }, { match: '/news', delegate: { name: 'news', namespace: 'blog' } }],
      }),
      ir('blog', 'blog', { routes: [{ match: '/blog', services: [{ name: 'blog', port: 80 }] }] }),
      ir('blog', 'news', { routes: [{ match: '/news', services: [{ name: 'blog', port: 80 }] }, { match: '/admin', services: [{ name: 'blog', port: 80 }] }] }),
      ir('blog', 'stray', { routes: [{ match: '/', services: [{ name: 'blog', port: 80 }] }] }),
    ]);
    const paths = routes('site.example.com').map((r) => r.match?.prefix);
    assert.deepEqual(paths, ['/blog', '/'], "news's valid /news is not served either: an invalid IngressRoute is not used at all");
    assert.equal(state('blog', 'blog')?.state, 'valid');
    assert.equal(state('blog', 'news')?.state, 'invalid');
    assert.match(state('blog', 'news')!.conditions[0]!.message, /outside the prefix \/news/);
    assert.equal(state('default', 'root')?.state, 'valid', "a child's error is not its parent's");
    assert.equal(state('blog', 'stray')?.state, 'orphaned');
  });

  it('service entries that differ only in fields no loaded plugin reads still get distinct clusters', () => {
    const { result, state } = run([
      ir('default', 'hc', {
        virtualhost: { fqdn: 'hc.example.com' },
        routes: [
          { match: '/a', services: [{ name: 's1', port: 80, healthCheck: { path: '/a' } }] },
          { match: '/b', services: [{ name: 's1', port: 80, healthCheck: { path: '/b' } }] },
        ],
      }),
    ]);
    const clusters = [...result.snapshot.resources.get('type.googleapis.com/envoy.config.cluster.v3.Cluster')!.items.keys()];
    assert.equal(clusters.filter((c) => c.startsWith('default/s1/80/')).length, 2, clusters.join(' '));
    assert.equal(state('default', 'hc')?.state, 'warning', 'healthCheck without its plugin is a warning');
  });

  it('detects delegation cycles', () => {
    const { state } = run([
      ir('default', 'root', { virtualhost: { fqdn: 'c.example.com' }, routes: [{ match: '/', delegate: { name: 'a' } }] }),
      ir('default', 'a', { routes: [{ match: '/', delegate: { name: 'b' } }] }),
      ir('default', 'b', { routes: [{ match: '/', delegate: { name: 'a' } }] }),
    ]);
    assert.match(state('default', 'b')!.conditions[0]!.message, /cycle: default\/root → default\/a → default\/b → default\/a/);
  });

  it('another namespace’s root on an owned fqdn is refused with HostConflict naming the owner; the owner keeps serving', () => {
    const { state, routes } = run([
      ir('team-a', 'root', { virtualhost: { fqdn: 'shared.example.com' }, routes: [{ match: '/login', services: [{ name: 'login', port: 80 }] }] }, '2026-01-01T00:00:00Z'),
      // Older by name, newer by creation time: the time decides.
      ir('team-0', 'root', { virtualhost: { fqdn: 'shared.example.com' }, routes: [{ match: '/admin', services: [{ name: 'login', port: 80 }] }] }, '2026-01-02T00:00:00Z'),
      ir('team-a', 'own', { virtualhost: { fqdn: 'a.example.com' }, routes: [{ match: '/login', services: [{ name: 'login', port: 80 }] }] }),
    ]);
    assert.equal(state('team-a', 'root')?.state, 'valid');
    assert.equal(state('team-0', 'root')?.state, 'invalid');
    const c = state('team-0', 'root')!.conditions[0]!;
    assert.equal(c.reason, 'HostConflict');
    assert.match(c.message, /host shared\.example\.com belongs to namespace team-a \(IngressRoute team-a\/root claimed it first\)/);
    assert.deepEqual(routes('shared.example.com').map((r) => r.match?.prefix), ['/login'], 'the refused root adds no /admin');
    assert.equal(routes('a.example.com').length, 1, 'the other tenant host is unaffected');
  });

  it('two roots claiming one fqdn in one namespace (or with shared ownership, anywhere) are both refused, as in Contour', () => {
    for (const [nsB, ownership] of [['team-a', 'namespace'], ['team-b', 'shared']] as const) {
      const objects = [
        ...base,
        ir('team-a', 'root', { virtualhost: { fqdn: 'shared.example.com' }, routes: [{ match: '/login', services: [{ name: 'login', port: 80 }] }] }),
        ir(nsB, 'root2', { virtualhost: { fqdn: 'shared.example.com' }, routes: [{ match: '/login', services: [{ name: 'login', port: 80 }] }] }),
      ];
      const result = buildWithConfig(objects, { 'tenancy.hostOwnership': ownership });
      const states = result.statuses.filter((s) => s.ref.kind === 'IngressRoute').map((s) => [s.ref.namespace, s.state, s.conditions[0]?.reason]);
      assert.deepEqual(states, [['team-a', 'invalid', 'FqdnConflict'], [nsB, 'invalid', 'FqdnConflict']], ownership);
      assert.equal(routeConfig(result, 'ingress_http').virtualHosts.some((v) => v.domains[0] === 'shared.example.com'), false);
    }
  });

  const invalid: Array<[string, unknown, string]> = [
    ['a missing service', { virtualhost: { fqdn: 'x.example.com' }, routes: [{ match: '/', services: [{ name: 'nope', port: 80 }] }] }, 'ServiceNotFound'],
    ['a missing delegate', { virtualhost: { fqdn: 'x.example.com' }, routes: [{ match: '/', delegate: { name: 'nope' } }] }, 'DelegateNotFound'],
    ['a route without services', { virtualhost: { fqdn: 'x.example.com' }, routes: [{ match: '/' }] }, 'RouteInvalid'],
    ['a relative match', { virtualhost: { fqdn: 'x.example.com' }, routes: [{ match: 'x', services: [{ name: 's1', port: 80 }] }] }, 'MatchInvalid'],
    ['a missing TLS secret', { virtualhost: { fqdn: 'x.example.com', tls: { secretName: 'nope' } }, routes: [{ match: '/', services: [{ name: 's1', port: 80 }] }] }, 'SecretNotFound'],
    ['a disabled feature', { virtualhost: { fqdn: 'x.example.com' }, routes: [{ match: '/', enableWebsockets: true, services: [{ name: 's1', port: 80 }] }] }, 'FeatureDisabled'],
  ];
  for (const [name, spec, reason] of invalid) {
    it(`reports ${name} and leaves other IngressRoutes served`, () => {
      const { state, routes } = run([ir('default', 'bad', spec), ir('default', 'good', { virtualhost: { fqdn: 'good.example.com' }, routes: [{ match: '/', services: [{ name: 's1', port: 80 }] }] })]);
      const bad = state('default', 'bad');
      assert.ok(bad?.conditions.some((c) => c.reason === reason), JSON.stringify(bad));
      assert.equal(state('default', 'good')?.state, 'valid');
      assert.equal(routes('good.example.com').length, 1);
    });
  }

  /** Each case: the objects at fault, what the first of them must report, and what must still be served. */
  interface Case {
    objects: K8sObject[];
    expect: { ns: string; name: string; state: string; reason: string; field: string };
    rootNamespaces?: string[];
    features?: string[];
    /** Further checks on the build (what is or is not served besides root/good). */
    also?: (r: ReturnType<typeof run>) => void;
  }
  const route = (extra: Record<string, unknown> = {}, svcExtra: Record<string, unknown> = {}) => [{ match: '/', services: [{ name: 's1', port: 80, ...svcExtra }], ...extra }];
  const cases: Array<[string, Case]> = [
    ['a delegate to a root', {
      objects: [ir('default', 'bad', { virtualhost: { fqdn: 'x.example.com' }, routes: [{ match: '/', delegate: { name: 'other-root' } }] }), ir('default', 'other-root', { virtualhost: { fqdn: 'y.example.com' }, routes: route() })],
      // A warning: the target became a root by its own owner's change, which must not take this host down.
      expect: { ns: 'default', name: 'bad', state: 'warning', reason: 'DelegateIsRoot', field: 'spec.routes[0].delegate' },
      also: ({ state, routes }) => {
        assert.equal(state('default', 'other-root')?.state, 'valid', 'the root delegated to still serves its own fqdn');
        assert.equal(routes('y.example.com').length, 1);
        assert.deepEqual(routes('x.example.com'), []);
      },
    }],
    ['a root outside rootNamespaces', {
      rootNamespaces: ['root'],
      objects: [
        ir('default', 'bad', { virtualhost: { fqdn: 'x.example.com' }, routes: [{ match: '/blog', delegate: { name: 'blog', namespace: 'blog' } }] }),
        ir('root', 'site', { virtualhost: { fqdn: 'site.example.com' }, routes: [{ match: '/blog', delegate: { name: 'blog', namespace: 'blog' } }] }),
        ir('blog', 'blog', { routes: [{ match: '/blog', services: [{ name: 'blog', port: 80 }] }] }),
      ],
      expect: { ns: 'default', name: 'bad', state: 'invalid', reason: 'RootNamespaceNotAllowed', field: 'spec.virtualhost' },
      also: ({ state, routes }) => {
        assert.deepEqual(routes('x.example.com'), []);
        assert.equal(state('blog', 'blog')?.state, 'valid', 'a child outside rootNamespaces may still be delegated to');
        assert.equal(routes('site.example.com')[0]?.match?.prefix, '/blog');
      },
    }],
    ['a wildcard fqdn', {
      objects: [ir('default', 'bad', { virtualhost: { fqdn: '*.example.com' }, routes: route() })],
      expect: { ns: 'default', name: 'bad', state: 'invalid', reason: 'FqdnInvalid', field: 'spec.virtualhost.fqdn' },
      also: ({ result }) => assert.equal(result.dag.virtualHosts.has('*.example.com'), false),
    }],
    ['an fqdn that is not a DNS name', {
      objects: [ir('default', 'bad', { virtualhost: { fqdn: 'Foo_Bar.example.com' }, routes: route() })],
      expect: { ns: 'default', name: 'bad', state: 'invalid', reason: 'FqdnInvalid', field: 'spec.virtualhost.fqdn' },
    }],
    ['TLS passthrough without the tcp-proxy feature', {
      objects: [ir('default', 'bad', { virtualhost: { fqdn: 'x.example.com', tls: { passthrough: true } }, tcpproxy: { services: [{ name: 's1', port: 80 }] } })],
      expect: { ns: 'default', name: 'bad', state: 'warning', reason: 'FeatureDisabled', field: 'spec.tcpproxy' },
      also: ({ result }) => assert.equal(result.dag.secureVirtualHosts.has('x.example.com'), false, 'no TLS filter chain without the feature'),
    }],
    ['weights without the load-balancing feature', {
      objects: [ir('default', 'bad', { virtualhost: { fqdn: 'x.example.com' }, routes: [{ match: '/', services: [{ name: 's1', port: 80, weight: 90 }, { name: 's2', port: 80, weight: 10 }] }] })],
      expect: { ns: 'default', name: 'bad', state: 'warning', reason: 'FeatureDisabled', field: 'spec.routes[0].services[0].weight' },
      also: ({ routes }) => assert.equal(routes('x.example.com')[0]?.route?.weightedClusters?.clusters.length, 2, 'both services still served, weights ignored'),
    }],
    ['a strategy without the load-balancing feature', {
      objects: [ir('default', 'bad', { virtualhost: { fqdn: 'x.example.com' }, routes: route({}, { strategy: 'Random' }) })],
      expect: { ns: 'default', name: 'bad', state: 'warning', reason: 'FeatureDisabled', field: 'spec.routes[0].services[0].strategy' },
      also: ({ routes }) => assert.match(routes('x.example.com')[0]?.route?.cluster ?? '', /^default\/s1\/80\//),
    }],
    ['the feature loaded: no warning', {
      features: ['load-balancing'],
      objects: [ir('default', 'bad', { virtualhost: { fqdn: 'x.example.com' }, routes: route({}, { strategy: 'Random', weight: 5 }) })],
      expect: { ns: 'default', name: 'bad', state: 'valid', reason: '', field: '' },
    }],
    ['an invalid minimumProtocolVersion', {
      objects: [ir('default', 'bad', { virtualhost: { fqdn: 'x.example.com', tls: { secretName: 'x-cert', minimumProtocolVersion: '1.4' } }, routes: route() })],
      expect: { ns: 'default', name: 'bad', state: 'warning', reason: 'TLSVersionInvalid', field: 'spec.virtualhost.tls.minimumProtocolVersion' },
      also: ({ result, routes }) => {
        const vh = result.dag.secureVirtualHosts.get('x.example.com');
        assert.ok(vh?.secret, 'still served over TLS');
        assert.equal(vh.minTlsVersion, undefined, 'with the default minimum');
        assert.ok(routes('x.example.com')[0]?.redirect?.httpsRedirect, 'plain HTTP redirects');
      },
    }],
  ];
  for (const [name, c] of cases) {
    it(`${name}: the right status, and other IngressRoutes stay served`, () => {
      const good = ir('root', 'good', { virtualhost: { fqdn: 'good.example.com' }, routes: route() });
      const r = run([...c.objects, good], { ...(c.rootNamespaces ? { rootNamespaces: c.rootNamespaces } : {}), ...(c.features ? { features: c.features } : {}) });
      const bad = r.state(c.expect.ns, c.expect.name);
      assert.equal(bad?.state, c.expect.state, JSON.stringify(bad));
      if (c.expect.reason) {
        const cond = bad?.conditions.find((x) => x.reason === c.expect.reason);
        assert.equal(cond?.field, c.expect.field, JSON.stringify(bad));
      } else assert.deepEqual(bad?.conditions, []);
      assert.equal(r.state('root', 'good')?.state, 'valid');
      assert.match(r.routes('good.example.com')[0]?.route?.cluster ?? '', /^root\/s1\/80\//);
      c.also?.(r);
    });
  }
});

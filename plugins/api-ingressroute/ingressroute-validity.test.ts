import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TypeUrl } from '../../core/snapshot/snapshot.js';
import type { K8sObject } from '../../core/model/k8s-object.js';
import { ir, runIngressRoutes } from '../../test/fixtures/ingressroute.js';

const good = { match: '/good', services: [{ name: 's2', port: 80 }] };
const clustersOf = (r: ReturnType<typeof runIngressRoutes>) => [...r.result.snapshot.resources.get(TypeUrl.Cluster)!.items.keys()];

/**
 * Contour's rule: an IngressRoute with any error is invalid and none of it is used, not even its good
 * routes; an invalid root serves no virtual host. Each case: a root with one good route (to s2, used
 * nowhere else) and one bad route, the reason and field the root must report.
 */
describe('IngressRoute validity (Contour)', () => {
  const cases: Array<[string, unknown, string, string, RegExp]> = [
    ['a missing service', { match: '/x', services: [{ name: 'nope', port: 80 }] }, 'ServiceNotFound', 'spec.routes[1].services[0]', /Service default\/nope not found/],
    ['a service port the Service lacks', { match: '/x', services: [{ name: 's1', port: 81 }] }, 'ServicePortNotFound', 'spec.routes[1].services[0]', /has no port 81/],
    ['a service without a numeric port', { match: '/x', services: [{ name: 's1', port: 'http' }] }, 'ServiceInvalid', 'spec.routes[1].services[0]', /numeric port/],
    ['both services and a delegate', { match: '/x', services: [{ name: 's1', port: 80 }], delegate: { name: 'child' } }, 'RouteInvalid', 'spec.routes[1]', /route \/x: cannot specify services and delegate in the same route/],
    ['neither services nor a delegate', { match: '/x' }, 'RouteInvalid', 'spec.routes[1]', /neither services nor a delegate/],
    ['a relative match', { match: 'x', services: [{ name: 's1', port: 80 }] }, 'MatchInvalid', 'spec.routes[1].match', /must be a path starting with "\/"/],
  ];
  for (const [name, bad, reason, field, message] of cases) {
    it(`${name}: the root is invalid and serves nothing (its host, its good route, its clusters)`, () => {
      const child = ir('default', 'child', { routes: [{ match: '/x', services: [{ name: 's1', port: 80 }] }] });
      const r = runIngressRoutes([ir('default', 'root', { virtualhost: { fqdn: 'x.example.com' }, routes: [good, bad] }), child]);
      const s = r.state('default', 'root')!;
      assert.equal(s.state, 'invalid', JSON.stringify(s));
      const c = s.conditions.find((x) => x.reason === reason);
      assert.equal(c?.field, field, JSON.stringify(s));
      assert.match(c!.message, message);
      assert.deepEqual(r.routes('x.example.com'), [], 'no route of an invalid root, not even /good');
      assert.equal(r.result.dag.virtualHosts.has('x.example.com'), false, 'no virtual host for an invalid root');
      assert.equal(clustersOf(r).some((n) => n.startsWith('default/s2/')), false, 'no cluster for its services either');
    });
  }

  it('a child with one bad route serves nothing; its parent and siblings stay valid and served', () => {
    const r = runIngressRoutes([
      ir('default', 'root', { virtualhost: { fqdn: 'x.example.com' }, routes: [{ match: '/', services: [{ name: 's1', port: 80 }] }, { match: '/a', delegate: { name: 'a' } }, { match: '/b', delegate: { name: 'b' } }] }),
      ir('default', 'a', { routes: [{ match: '/a', services: [{ name: 's2', port: 80 }] }, { match: '/a/x', services: [{ name: 'nope', port: 80 }] }] }),
      ir('default', 'b', { routes: [{ match: '/b', services: [{ name: 's2', port: 80 }] }] }),
    ]);
    assert.deepEqual(r.routes('x.example.com').map((x) => x.match?.prefix), ['/b', '/']);
    assert.deepEqual(['root', 'a', 'b'].map((n) => r.state('default', n)?.state), ['valid', 'invalid', 'valid']);
  });

  it('an invalid root orphans the children only it delegates to', () => {
    const r = runIngressRoutes([
      ir('default', 'root', { virtualhost: { fqdn: 'x.example.com' }, routes: [{ match: '/a', delegate: { name: 'a' } }, { match: '/', services: [{ name: 'nope', port: 80 }] }] }),
      ir('default', 'a', { routes: [{ match: '/a', services: [{ name: 's2', port: 80 }] }] }),
    ]);
    assert.equal(r.state('default', 'root')?.state, 'invalid');
    assert.equal(r.state('default', 'a')?.state, 'orphaned');
    assert.deepEqual(r.routes('x.example.com'), []);
  });

  it('a child invalid under one parent is served under none', () => {
    const child = ir('blog', 'blog', { routes: [{ match: '/blog', services: [{ name: 'blog', port: 80 }] }] });
    const r = runIngressRoutes([
      ir('default', 'one', { virtualhost: { fqdn: 'one.example.com' }, routes: [{ match: '/blog', delegate: { name: 'blog', namespace: 'blog' } }] }),
      ir('default', 'two', { virtualhost: { fqdn: 'two.example.com' }, routes: [{ match: '/news', delegate: { name: 'blog', namespace: 'blog' } }] }),
      child,
    ]);
    assert.equal(r.state('blog', 'blog')?.state, 'invalid', 'its /blog is outside what two delegated');
    assert.deepEqual(r.routes('one.example.com'), []);
  });

  const targetProblems: Array<[string, K8sObject[], string]> = [
    ['a delegate that does not exist', [], 'DelegateNotFound'],
    ['a delegate that became a root', [ir('blog', 'blog', { virtualhost: { fqdn: 'blog.example.com' }, routes: [{ match: '/', services: [{ name: 'blog', port: 80 }] }] })], 'DelegateIsRoot'],
  ];
  for (const [name, extra, reason] of targetProblems) {
    it(`${name}: only the delegated prefix is not served; the root stays up (another team's change must not take it down)`, () => {
      const r = runIngressRoutes([ir('default', 'root', { virtualhost: { fqdn: 'x.example.com' }, routes: [good, { match: '/blog', delegate: { name: 'blog', namespace: 'blog' } }] }), ...extra]);
      const s = r.state('default', 'root')!;
      assert.equal(s.state, 'warning');
      assert.equal(s.conditions[0]?.reason, reason);
      assert.match(s.conditions[0]!.message, /the prefix \/blog is not served/);
      assert.deepEqual(r.routes('x.example.com').map((x) => x.match?.prefix), ['/good']);
    });
  }

  it('a delegation cycle makes the object that closes it invalid', () => {
    const r = runIngressRoutes([
      ir('default', 'root', { virtualhost: { fqdn: 'x.example.com' }, routes: [good, { match: '/a', delegate: { name: 'a' } }] }),
      ir('default', 'a', { routes: [{ match: '/a', delegate: { name: 'a' } }] }),
    ]);
    assert.equal(r.state('default', 'a')?.state, 'invalid');
    assert.equal(r.state('default', 'a')?.conditions[0]?.reason, 'DelegationCycle');
    assert.equal(r.state('default', 'root')?.state, 'valid');
    assert.deepEqual(r.routes('x.example.com').map((x) => x.match?.prefix), ['/good']);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { build, routeConfig } from '../../../test/fixtures/build.js';
import { endpoints, service, storeOf } from '../../../test/fixtures/objects.js';
import type { K8sObject } from '../../model/k8s-object.js';

function ir(ns: string, name: string, spec: unknown, creationTimestamp?: string): K8sObject {
  return { apiVersion: 'contour.heptio.com/v1beta1', kind: 'IngressRoute', metadata: { name, namespace: ns, ...(creationTimestamp ? { creationTimestamp } : {}) }, spec };
}
const svc = (ns: string, name: string) => [service(ns, name, [{ port: 80 }]), endpoints(ns, name, '10.0.0.1', [{ port: 8080 }])];
const base = [...svc('default', 's1'), ...svc('blog', 'blog'), ...svc('team-a', 'login'), ...svc('team-b', 'login')];

function run(objects: K8sObject[]) {
  const result = build(storeOf([...base, ...objects]));
  const state = (ns: string, name: string) => result.statuses.find((s) => s.ref.kind === 'IngressRoute' && s.ref.namespace === ns && s.ref.name === name);
  const routes = (host: string) => routeConfig(result, 'ingress_http').virtualHosts.find((v) => v.name === host)?.routes ?? [];
  return { result, state, routes };
}

describe('IngressRoute processor', () => {
  it('serves the seed article example', () => {
    const { routes, state } = run([ir('default', 'basic', { virtualhost: { fqdn: 'foo-basic.bar.com' }, routes: [{ match: '/', services: [{ name: 's1', port: 80 }] }] })]);
    assert.equal(routes('foo-basic.bar.com')[0]?.match?.prefix, '/');
    assert.match(routes('foo-basic.bar.com')[0]?.route?.cluster ?? '', /^default\/s1\/80\//);
    assert.equal(state('default', 'basic')?.state, 'valid');
  });

  it('delegates a prefix to another namespace, refuses a child route outside it, and orphans unreached children', () => {
    const { routes, state } = run([
      ir('default', 'root', { virtualhost: { fqdn: 'site.example.com' }, routes: [{ match: '/', services: [{ name: 's1', port: 80 }] }, { match: '/blog', delegate: { name: 'blog', namespace: 'blog' } }] }),
      ir('blog', 'blog', { routes: [{ match: '/blog', services: [{ name: 'blog', port: 80 }] }, { match: '/admin', services: [{ name: 'blog', port: 80 }] }] }),
      ir('blog', 'stray', { routes: [{ match: '/', services: [{ name: 'blog', port: 80 }] }] }),
    ]);
    const paths = routes('site.example.com').map((r) => r.match?.prefix);
    assert.deepEqual(paths, ['/blog', '/']);
    assert.equal(state('blog', 'blog')?.state, 'invalid');
    assert.match(state('blog', 'blog')!.conditions[0]!.message, /outside the prefix \/blog/);
    assert.equal(state('blog', 'stray')?.state, 'orphaned');
  });

  it('detects delegation cycles', () => {
    const { state } = run([
      ir('default', 'root', { virtualhost: { fqdn: 'c.example.com' }, routes: [{ match: '/', delegate: { name: 'a' } }] }),
      ir('default', 'a', { routes: [{ match: '/', delegate: { name: 'b' } }] }),
      ir('default', 'b', { routes: [{ match: '/', delegate: { name: 'a' } }] }),
    ]);
    assert.match(state('default', 'b')!.conditions[0]!.message, /cycle: default\/root → default\/a → default\/b → default\/a/);
  });

  it('two roots claiming one fqdn are both refused; neither tenant gets the other’s /login', () => {
    const { state, routes } = run([
      ir('team-a', 'root', { virtualhost: { fqdn: 'shared.example.com' }, routes: [{ match: '/login', services: [{ name: 'login', port: 80 }] }] }),
      ir('team-b', 'root', { virtualhost: { fqdn: 'shared.example.com' }, routes: [{ match: '/login', services: [{ name: 'login', port: 80 }] }] }),
      ir('team-a', 'own', { virtualhost: { fqdn: 'a.example.com' }, routes: [{ match: '/login', services: [{ name: 'login', port: 80 }] }] }),
    ]);
    assert.equal(state('team-a', 'root')?.state, 'invalid');
    assert.equal(state('team-b', 'root')?.state, 'invalid');
    assert.match(state('team-a', 'root')!.conditions[0]!.message, /also claimed by team-b\/root/);
    assert.deepEqual(routes('shared.example.com'), []);
    assert.equal(routes('a.example.com').length, 1, 'the other tenant host is unaffected');
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
});

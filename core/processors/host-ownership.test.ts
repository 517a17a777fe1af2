import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildWithConfig } from '../../test/fixtures/build-with-config.js';
import { routeConfig } from '../../test/fixtures/build.js';
import { ir } from '../../test/fixtures/ingressroute.js';
import { endpoints, ingressV1, service, tlsSecret } from '../../test/fixtures/objects.js';
import { createTestPki } from '../../test/e2e/harness/certs.js';
import type { K8sObject } from '../model/k8s-object.js';
import { HostOwnership } from './host-ownership.js';

const web = (ns: string) => [service(ns, 'web', [{ port: 80 }]), endpoints(ns, 'web', '10.0.0.1', [{ port: 8080 }])];
const base = [...web('a'), ...web('b')];
const T1 = '2026-01-01T00:00:00Z';
const T2 = '2026-01-02T00:00:00Z';
const backend = { service: { name: 'web', port: { number: 80 } } };
type PathType = 'Prefix' | 'ImplementationSpecific' | 'Exact';
/** An Ingress in `ns` with one path on `host` (undefined: no host) to its namespace's `web`. */
const ing = (ns: string, name: string, host: string | undefined, path: string, pathType: PathType = 'Prefix', ts = T1, extra: Record<string, unknown> = {}) =>
  ingressV1(ns, name, { ...extra, rules: [{ ...(host ? { host } : {}), http: { paths: [{ path, pathType, backend }] } }] }, undefined, ts);
/** The seed articles' form: extensions/v1beta1, no pathType (ImplementationSpecific). */
const seedStyle = (ns: string, name: string, host: string, path: string, ts = T1): K8sObject => ({
  apiVersion: 'extensions/v1beta1',
  kind: 'Ingress',
  metadata: { name, namespace: ns, creationTimestamp: ts },
  spec: { rules: [{ host, http: { paths: [{ path, backend: { serviceName: 'web', servicePort: 80 } }] } }] },
});
const root = (ns: string, name: string, fqdn: string, routes: unknown[], ts = T1) => ir(ns, name, { virtualhost: { fqdn }, routes }, ts);
const toWeb = (match: string) => ({ match, services: [{ name: 'web', port: 80 }] });

/** What Envoy serves on a plain host, in its order: `path → namespace of the backend`. */
function served(objects: K8sObject[], host: string, mode: 'namespace' | 'shared') {
  const result = buildWithConfig([...base, ...objects], { 'tenancy.hostOwnership': mode });
  const routes = routeConfig(result, 'ingress_http').virtualHosts.find((v) => v.domains[0] === host)?.routes ?? [];
  const list = routes.map((r) => `${r.match?.prefix ?? r.match?.pathSeparatedPrefix ?? r.match?.path ?? r.match?.safeRegex?.regex} → ${(r.route?.cluster ?? '').split('/')[0]}`);
  const condition = (kind: string, ns: string, name: string) => result.statuses.find((s) => s.ref.kind === kind && s.ref.namespace === ns && s.ref.name === name)?.conditions ?? [];
  return { list, condition };
}

interface Case {
  mode?: 'namespace' | 'shared';
  objects: K8sObject[];
  host: string;
  /** The routes of `host`, as `served` lists them. */
  serves: string[];
  /** [kind, namespace, name, reason, message pattern] that must be reported. */
  reports?: Array<[string, string, string, string, RegExp]>;
}

describe('no takeover between tenants', () => {
  const cases: Array<[string, Case]> = [
    ['another namespace’s Prefix / against a seed-style / on the same host', {
      objects: [seedStyle('a', 'site', 'x.com', '/'), ing('b', 'evil', 'x.com', '/', 'Prefix', T2)],
      host: 'x.com',
      serves: ['/ → a'],
      reports: [['Ingress', 'b', 'evil', 'HostConflict', /^host x\.com belongs to namespace a \(Ingress a\/site claimed it first\); this rule is not served$/]],
    }],
    ['the same with shared hosts: still a conflict, the older keeps /', {
      mode: 'shared',
      objects: [seedStyle('a', 'site', 'x.com', '/'), ing('b', 'evil', 'x.com', '/', 'Prefix', T2)],
      host: 'x.com',
      serves: ['/ → a'],
      reports: [['Ingress', 'b', 'evil', 'RouteConflict', /Prefix \/ on host x\.com selects the same requests as a path already served by Ingress a\/site \(ImplementationSpecific \/\)/]],
    }],
    ['the newer object keeps nothing even when its match sorts first (Prefix /api/ against Prefix /api, shared)', {
      mode: 'shared',
      objects: [ing('b', 'new', 'x.com', '/api/', 'Prefix', T2), ing('a', 'old', 'x.com', '/api', 'Prefix', T1)],
      host: 'x.com',
      serves: ['/api → a'],
      reports: [['Ingress', 'b', 'new', 'RouteConflict', /already served by Ingress a\/old/]],
    }],
    ['a capturing rewrite-target regex against the plain prefix it equals (shared)', {
      mode: 'shared',
      objects: [
        ing('a', 'old', 'x.com', '/app', 'ImplementationSpecific'),
        ingressV1('b', 'new', { rules: [{ host: 'x.com', http: { paths: [{ path: '/app', pathType: 'ImplementationSpecific', backend }] } }] }, { 'nginx.ingress.kubernetes.io/rewrite-target': '/$1' }, T2),
      ],
      host: 'x.com',
      serves: ['/app → a'],
      reports: [['Ingress', 'b', 'new', 'RouteConflict', /regex \/app\.\* on host x\.com selects the same requests as a path already served by Ingress a\/old/]],
    }],
    ['another namespace adding a path to an owned host', {
      objects: [ing('a', 'site', 'x.com', '/'), ing('b', 'extra', 'x.com', '/admin', 'Prefix', T2)],
      host: 'x.com',
      serves: ['/ → a'],
      reports: [['Ingress', 'b', 'extra', 'HostConflict', /belongs to namespace a/]],
    }],
    ['the same with shared hosts: served', {
      mode: 'shared',
      objects: [ing('a', 'site', 'x.com', '/'), ing('b', 'extra', 'x.com', '/admin', 'Prefix', T2)],
      host: 'x.com',
      serves: ['/admin → b', '/ → a'],
    }],
    ['several Ingresses of one namespace share a host', {
      objects: [ing('a', 'one', 'x.com', '/'), ing('a', 'two', 'x.com', '/admin', 'Prefix', T2)],
      host: 'x.com',
      serves: ['/admin → a', '/ → a'],
    }],
    ['age decides, not namespace names: b is older', {
      objects: [ing('a', 'site', 'x.com', '/', 'Prefix', T2), ing('b', 'site', 'x.com', '/admin', 'Prefix', T1)],
      host: 'x.com',
      serves: ['/admin → b'],
      reports: [['Ingress', 'a', 'site', 'HostConflict', /belongs to namespace b/]],
    }],
    ['a root IngressRoute claiming a host another namespace’s Ingress serves', {
      objects: [ing('a', 'site', 'x.com', '/'), root('b', 'evil', 'x.com', [toWeb('/'), toWeb('/admin')], T2)],
      host: 'x.com',
      serves: ['/ → a'],
      reports: [['IngressRoute', 'b', 'evil', 'HostConflict', /^host x\.com belongs to namespace a \(Ingress a\/site claimed it first\); this root is not served/]],
    }],
    ['an Ingress adding a path to another namespace’s root', {
      objects: [root('a', 'site', 'x.com', [toWeb('/')]), ing('b', 'evil', 'x.com', '/admin', 'Prefix', T2)],
      host: 'x.com',
      serves: ['/ → a'],
      reports: [['Ingress', 'b', 'evil', 'HostConflict', /IngressRoute a\/site claimed it first/]],
    }],
    ['an Ingress and a root of one namespace share a host (the seed examples)', {
      objects: [seedStyle('a', 'basic', 'x.com', '/admin'), root('a', 'basic', 'x.com', [toWeb('/')], T2)],
      host: 'x.com',
      serves: ['/admin → a', '/ → a'],
    }],
    ['delegation shares a host across namespaces', {
      objects: [root('a', 'site', 'x.com', [toWeb('/'), { match: '/b', delegate: { name: 'child', namespace: 'b' } }]), ir('b', 'child', { routes: [toWeb('/b')] }, T2)],
      host: 'x.com',
      serves: ['/b → b', '/ → a'],
    }],
    ['the catch-all host belongs to a namespace too', {
      objects: [ing('a', 'any', undefined, '/login'), ing('b', 'any', undefined, '/other', 'Prefix', T2)],
      host: '*',
      serves: ['/login → a'],
      reports: [['Ingress', 'b', 'any', 'HostConflict', /^the catch-all host \* \(rules without a host, default backends\) belongs to namespace a/]],
    }],
    ['a default backend is a claim to the catch-all host; on its own hosts it still serves', {
      objects: [ing('a', 'any', undefined, '/login'), ing('b', 'own', 'b.com', '/x', 'Prefix', T2, { defaultBackend: backend })],
      host: '*',
      serves: ['/login → a'],
      reports: [['Ingress', 'b', 'own', 'HostConflict', /default backend is not served for requests no host matches/]],
    }],
  ];
  for (const [name, c] of cases) {
    it(`${name} (${c.mode ?? 'namespace'})`, () => {
      const { list, condition } = served(c.objects, c.host, c.mode ?? 'namespace');
      assert.deepEqual(list, c.serves);
      for (const [kind, ns, obj, reason, message] of c.reports ?? []) {
        const found = condition(kind, ns, obj).find((x) => x.reason === reason);
        assert.ok(found, `${kind} ${ns}/${obj}: no ${reason} in ${JSON.stringify(condition(kind, ns, obj))}`);
        assert.match(found.message, message);
      }
    });
  }

  it('a default backend of a refused catch-all still serves its own host', () => {
    const { list } = served([ing('a', 'any', undefined, '/login'), ing('b', 'own', 'b.com', '/x', 'Prefix', T2, { defaultBackend: backend })], 'b.com', 'namespace');
    assert.deepEqual(list, ['/x → b', '/ → b']);
  });

  it('a TLS host of another namespace is refused; the owner’s certificate stays', () => {
    const { server } = createTestPki(['x.com']);
    const objects = [
      ...base,
      tlsSecret('a', 'cert', server.certPem, server.keyPem),
      tlsSecret('b', 'cert', server.certPem, server.keyPem),
      ing('a', 'site', 'x.com', '/', 'Prefix', T1, { tls: [{ hosts: ['x.com'], secretName: 'cert' }] }),
      ingressV1('b', 'evil', { tls: [{ hosts: ['x.com'], secretName: 'cert' }] }, undefined, T2),
    ];
    const result = buildWithConfig(objects);
    assert.equal(result.dag.secureVirtualHosts.get('x.com')?.secret?.name, 'a/cert');
    const evil = result.statuses.find((s) => s.ref.namespace === 'b' && s.ref.name === 'evil')!;
    assert.equal(evil.conditions.find((x) => x.reason === 'HostConflict')?.field, 'spec.tls[0].hosts[0]');
  });

  it('HostOwnership: the oldest claim owns; its own namespace and shared mode are never refused', () => {
    const claim = (host: string, namespace: string, rank: string) => ({ host, namespace, rank, ref: { kind: 'Ingress', namespace, name: 'x' } });
    const claims = [claim('x.com', 'b', '2|b'), claim('x.com', 'a', '1|a'), claim('y.com', 'b', '3|b')];
    const owned = new HostOwnership(claims, 'namespace');
    assert.equal(owned.refusal('x.com', 'b')?.namespace, 'a');
    assert.equal(owned.refusal('x.com', 'a'), undefined);
    assert.equal(owned.refusal('y.com', 'b'), undefined);
    assert.equal(owned.refusal('unclaimed.com', 'c'), undefined);
    assert.equal(new HostOwnership(claims, 'shared').refusal('x.com', 'b'), undefined);
  });
});

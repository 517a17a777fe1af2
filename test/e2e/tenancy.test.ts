/**
 * Takeover attempts between tenants, through a real Envoy (issue 9): another namespace's `Prefix /`
 * against a seed-style `/`, another namespace adding a path to an owned host, a root IngressRoute
 * claiming a host another namespace's Ingress serves; the same host with `tenancy.hostOwnership: shared`;
 * and Contour's rule that an IngressRoute with one bad route serves nothing. The owner's objects are
 * written first and served before the attacker's appear, so the owner is the older claim whichever way
 * the file source stamps them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { echoBackends, servedBy } from './harness/served-by.js';
import { eventually } from './harness/eventually.js';
import { startStack, type IsobarStack } from './harness/isobar-stack.js';
import { serviceYaml } from './harness/k8s-yaml.js';

const HOST = 'shop.example.com';

/** The seed articles' form: extensions/v1beta1, no pathType (ImplementationSpecific), path `/`. */
const OWNER = `apiVersion: extensions/v1beta1
kind: Ingress
metadata: { name: site, namespace: team-a }
spec:
  rules:
  - host: ${HOST}
    http:
      paths:
      - path: /
        backend: { serviceName: web, servicePort: 80 }
`;
const v1Ingress = (name: string, path: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: ${name}, namespace: team-b }
spec:
  rules:
  - host: ${HOST}
    http:
      paths:
      - { path: ${path}, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }
`;
const ATTACKER_ROOT = `apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata: { name: evil-root, namespace: team-b }
spec:
  virtualhost: { fqdn: ${HOST} }
  routes:
  - { match: /, services: [{ name: web, port: 80 }] }
  - { match: /admin, services: [{ name: web, port: 80 }] }
`;

type Conditions = Array<{ reason: string; message: string; field?: string }>;
async function conditionsOf(stack: IsobarStack, kind: string, ns: string, name: string): Promise<{ state: string; conditions: Conditions }> {
  const o = (await stack.status()).objects.find((x) => x.ref.kind === kind && x.ref.namespace === ns && x.ref.name === name);
  assert.ok(o, `no ${kind} ${ns}/${name} on /status`);
  return o;
}
async function tenants(t: { after(fn: () => unknown): void }, config: Record<string, unknown> = {}): Promise<IsobarStack> {
  const [a, b] = await echoBackends(t, 'team-a', 'team-b');
  const stack = await startStack(t, {
    config,
    files: { 'svc.yaml': [serviceYaml('team-a', 'web', 80, a!.port), serviceYaml('team-b', 'web', 80, b!.port)].join('---\n'), 'team-a/site.yaml': OWNER },
  });
  await eventually(async () => assert.equal(await servedBy(stack, HOST, '/'), 'team-a'));
  return stack;
}

describe('no takeover between tenants', () => {
  it('namespace ownership: Prefix / against a seed-style /, an extra path, and a root IngressRoute from another namespace are all refused', async (t) => {
    const stack = await tenants(t);
    await stack.write('team-b/prefix.yaml', v1Ingress('prefix', '/'));
    await stack.write('team-b/extra.yaml', v1Ingress('extra', '/admin'));
    await stack.write('team-b/root.yaml', ATTACKER_ROOT);

    for (const [kind, name] of [['Ingress', 'prefix'], ['Ingress', 'extra'], ['IngressRoute', 'evil-root']] as const) {
      const c = await eventually(async () => {
        const s = await conditionsOf(stack, kind, 'team-b', name);
        const found = s.conditions.find((x) => x.reason === 'HostConflict');
        assert.ok(found, `${kind} team-b/${name}: ${JSON.stringify(s)}`);
        return found;
      });
      assert.match(c.message, new RegExp(`^host shop\\.example\\.com belongs to namespace team-a \\(Ingress team-a/site claimed it first\\)`));
    }
    assert.equal((await conditionsOf(stack, 'IngressRoute', 'team-b', 'evil-root')).state, 'invalid');
    assert.deepEqual((await conditionsOf(stack, 'Ingress', 'team-a', 'site')).conditions, [], 'the owner is not bothered');
    // The attackers' objects are on /status, so the build that refused them is served: the owner still has everything.
    await eventually(async () => {
      for (const path of ['/', '/admin', '/admin/users', '/x']) assert.equal(await servedBy(stack, HOST, path), 'team-a', path);
    });
  });

  it('shared hosts: another namespace may add /admin, but its Prefix / equivalent to the owner’s / is refused', async (t) => {
    const stack = await tenants(t, { 'tenancy.hostOwnership': 'shared' });
    await stack.write('team-b/prefix.yaml', v1Ingress('prefix', '/'));
    await stack.write('team-b/extra.yaml', v1Ingress('extra', '/admin'));
    await eventually(async () => assert.equal(await servedBy(stack, HOST, '/admin/users'), 'team-b'));
    const c = await eventually(async () => {
      const found = (await conditionsOf(stack, 'Ingress', 'team-b', 'prefix')).conditions.find((x) => x.reason === 'RouteConflict');
      assert.ok(found);
      return found;
    });
    assert.match(c.message, /^Prefix \/ on host shop\.example\.com selects the same requests as a path already served by Ingress team-a\/site \(ImplementationSpecific \/\)/);
    assert.equal(await servedBy(stack, HOST, '/'), 'team-a');
    assert.equal(await servedBy(stack, HOST, '/administrator'), 'team-a', 'Prefix /admin is whole segments only');
  });

  it('an IngressRoute with one bad route serves nothing and is invalid; fixing it serves it', async (t) => {
    const [s1] = await echoBackends(t, 's1');
    const root = (second: string) => `apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata: { name: app, namespace: default }
spec:
  virtualhost: { fqdn: app.example.com }
  routes:
  - { match: /, services: [{ name: s1, port: 80 }] }
  - { match: /v2, services: [{ name: ${second}, port: 80 }] }
`;
    const stack = await startStack(t, {
      files: {
        'svc.yaml': serviceYaml('default', 's1', 80, s1!.port),
        'other.yaml': 'apiVersion: contour.heptio.com/v1beta1\nkind: IngressRoute\nmetadata: { name: other, namespace: default }\nspec:\n  virtualhost: { fqdn: other.example.com }\n  routes:\n  - { match: /, services: [{ name: s1, port: 80 }] }\n',
        'app.yaml': root('missing'),
      },
    });
    await eventually(async () => assert.equal(await servedBy(stack, 'other.example.com', '/'), 's1'));
    const s = await conditionsOf(stack, 'IngressRoute', 'default', 'app');
    assert.equal(s.state, 'invalid');
    assert.equal(s.conditions[0]?.field, 'spec.routes[1].services[0]');
    assert.match(s.conditions[0]!.message, /Service default\/missing not found/);
    assert.equal((await stack.get('/', { host: 'app.example.com' })).status, 404, 'not even its good route / is served');

    await stack.write('app.yaml', root('s1'));
    await eventually(async () => assert.equal(await servedBy(stack, 'app.example.com', '/v2/x'), 's1'));
    assert.equal((await conditionsOf(stack, 'IngressRoute', 'default', 'app')).state, 'valid');
  });
});

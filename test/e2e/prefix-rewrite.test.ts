/** IngressRoute `prefixRewrite` through a real Envoy: the backend sees the matched prefix replaced, query intact. */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { startEchoBackend, type EchoBackend, type EchoReply } from './harness/echo-backend.js';
import { eventually } from './harness/eventually.js';
import { startStack, type IsobarStack } from './harness/isobar-stack.js';
import { serviceYaml } from './harness/k8s-yaml.js';

const ingressRoutes = `apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata: { name: site, namespace: default }
spec:
  virtualhost: { fqdn: site.example.com }
  routes:
  - { match: /api, prefixRewrite: /, services: [{ name: app, port: 80 }] }
  - { match: /v1/, prefixRewrite: /v2/, services: [{ name: app, port: 80 }] }
  - { match: /old, prefixRewrite: /new, services: [{ name: app, port: 80 }] }
  - { match: /app, prefixRewrite: /srv/app/, services: [{ name: app, port: 80 }] }
  - { match: /bad, prefixRewrite: relative, services: [{ name: app, port: 80 }] }
  - { match: /team, delegate: { name: team } }
  - { match: /, services: [{ name: app, port: 80 }] }
---
apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata: { name: team, namespace: default }
spec:
  routes:
  - { match: /team/api, prefixRewrite: /, services: [{ name: app, port: 80 }] }
---
apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata: { name: root, namespace: default }
spec:
  virtualhost: { fqdn: root.example.com }
  routes:
  - { match: /, prefixRewrite: /base/, services: [{ name: app, port: 80 }] }
`;

async function stackWith(t: TestContext, plugins: string[]): Promise<{ stack: IsobarStack; backend: EchoBackend }> {
  const backend = await startEchoBackend('app');
  t.after(() => backend.close());
  const stack = await startStack(t, {
    files: { 'site.yaml': ingressRoutes, 'svc.yaml': serviceYaml('default', 'app', 80, backend.port) },
    config: { plugins },
  });
  return { stack, backend };
}

/** The path (with query) the backend received for a request to `host` + `path`. */
async function seen(stack: IsobarStack, host: string, path: string): Promise<string> {
  const r = await stack.get(path, { host });
  assert.equal(r.status, 200, `${host}${path}: ${r.status} ${r.body}`);
  return r.json<EchoReply>().path;
}

describe('prefix-rewrite', () => {
  it('replaces the matched prefix, without "//", keeping the query', async (t) => {
    const { stack } = await stackWith(t, ['source-file', 'sink-xds', 'prefix-rewrite']);
    await eventually(() => seen(stack, 'root.example.com', '/ready'));
    const cases: Array<[host: string, path: string, backendSees: string]> = [
      ['site.example.com', '/api/users?id=3&x=a%2Fb', '/users?id=3&x=a%2Fb'],
      ['site.example.com', '/api', '/'],
      ['site.example.com', '/api/', '/'],
      ['site.example.com', '/api/a/b/', '/a/b/'],
      ['site.example.com', '/v1/items?q=1', '/v2/items?q=1'],
      ['site.example.com', '/old/page', '/new/page'],
      ['site.example.com', '/old', '/new'],
      ['site.example.com', '/app/x?y', '/srv/app/x?y'],
      ['site.example.com', '/team/api/members?all', '/members?all'],
      ['site.example.com', '/other?z=1', '/other?z=1'],
      ['root.example.com', '/x/y?z=1', '/base/x/y?z=1'],
      ['root.example.com', '/', '/base/'],
    ];
    for (const [host, path, want] of cases) assert.equal(await seen(stack, host, path), want, `${host}${path}`);
  });

  it('warns about an invalid prefixRewrite and serves that route unrewritten', async (t) => {
    const { stack } = await stackWith(t, ['source-file', 'sink-xds', 'prefix-rewrite']);
    assert.equal(await eventually(() => seen(stack, 'site.example.com', '/bad/x?q')), '/bad/x?q');
    const status = await stack.status();
    const site = status.objects.find((o) => o.ref.name === 'site');
    assert.ok(site, 'the IngressRoute has a status');
    assert.equal(site.state, 'warning', JSON.stringify(site));
    assert.deepEqual(site.conditions.map((c) => [c.reason, c.field]), [['FieldInvalid', 'spec.routes[4].prefixRewrite']]);
    assert.equal(status.objects.find((o) => o.ref.name === 'team')?.state, 'valid');
  });

  it('without the plugin: FeatureDisabled warnings, and the routes still served as written', async (t) => {
    const { stack } = await stackWith(t, ['source-file', 'sink-xds']);
    assert.equal(await eventually(() => seen(stack, 'site.example.com', '/api/users?id=3')), '/api/users?id=3');
    assert.equal(await seen(stack, 'root.example.com', '/x'), '/x');
    const status = await stack.status();
    const disabled = status.objects.flatMap((o) => o.conditions.filter((c) => c.reason === 'FeatureDisabled').map((c) => `${o.ref.name} ${c.field}`));
    assert.deepEqual(disabled.sort(), [
      'root spec.routes[0].prefixRewrite',
      'site spec.routes[0].prefixRewrite',
      'site spec.routes[1].prefixRewrite',
      'site spec.routes[2].prefixRewrite',
      'site spec.routes[3].prefixRewrite',
      'site spec.routes[4].prefixRewrite',
      'team spec.routes[0].prefixRewrite',
    ]);
  });
});

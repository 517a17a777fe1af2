/**
 * IngressRoute (contour.heptio.com/v1beta1) through a real Envoy: the seed article's example verbatim,
 * delegation across namespaces, the seed's multi-tenancy question (two tenants, one fqdn), TLS on a root,
 * and an invalid object that leaves everything else served.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:tls';
import { describe, it } from 'node:test';
import { createTestPki } from './harness/certs.js';
import type { EchoReply } from './harness/echo-backend.js';
import { echoBackends, servedBy } from './harness/served-by.js';
import { eventually } from './harness/eventually.js';
import { startStack, type IsobarStack } from './harness/isobar-stack.js';
import { serviceYaml, tlsSecretYaml } from './harness/k8s-yaml.js';

/** Seed 001, section 6, exactly as the article prints it. */
const SEED_INGRESSROUTE = `# ingressroute.yaml
apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata:
  name: basic
spec:
  virtualhost:
    fqdn: foo-basic.bar.com
  routes:
    - match: /
      services:
        - name: s1
          port: 80
`;

function ingressRoute(ns: string, name: string, spec: string): string {
  return `apiVersion: contour.heptio.com/v1beta1\nkind: IngressRoute\nmetadata: { name: ${name}, namespace: ${ns} }\nspec:\n${spec}`;
}
/** A root serving every path of `fqdn` from one service. */
const simpleRoot = (ns: string, name: string, fqdn: string, svc: string, match = '/') =>
  ingressRoute(ns, name, `  virtualhost: { fqdn: ${fqdn} }\n  routes:\n  - match: ${match}\n    services: [{ name: ${svc}, port: 80 }]\n`);

interface IngressRouteView {
  ref: { kind: string; namespace: string; name: string };
  status?: { currentStatus: string; description: string };
}
async function irStatus(stack: IsobarStack, ns: string, name: string): Promise<{ currentStatus: string; description: string }> {
  const objects = (await stack.status()).objects as IngressRouteView[];
  const o = objects.find((x) => x.ref.kind === 'IngressRoute' && x.ref.namespace === ns && x.ref.name === name);
  assert.ok(o?.status, `no IngressRoute ${ns}/${name} in /status`);
  return o.status;
}

describe('IngressRoute', () => {
  it('serves the seed article IngressRoute as written', async (t) => {
    const [s1] = await echoBackends(t, 's1');
    const stack = await startStack(t, { files: { 'default/ingressroute.yaml': SEED_INGRESSROUTE, 'svc.yaml': serviceYaml('default', 's1', 80, s1!.port) } });
    await eventually(async () => assert.equal(await servedBy(stack, 'foo-basic.bar.com', '/'), 's1'));
    const r = await stack.get('/any/path?q=1', { host: 'foo-basic.bar.com' });
    assert.deepEqual([r.json<EchoReply>().backend, r.json<EchoReply>().path], ['s1', '/any/path?q=1']);
    assert.equal((await stack.get('/', { host: 'other.bar.com' })).status, 404);
    assert.deepEqual(await irStatus(stack, 'default', 'basic'), { currentStatus: 'valid', description: 'valid IngressRoute' });
  });

  it('delegates a prefix to another namespace; a child with a route outside it is invalid and serves nothing; undelegated objects are orphaned', async (t) => {
    const [home, blog] = await echoBackends(t, 'home', 'blog');
    const stack = await startStack(t, {
      config: { 'ingressRoute.rootNamespaces': ['root'] },
      files: {
        'svc.yaml': [serviceYaml('root', 'home', 80, home!.port), serviceYaml('blog', 'blog', 80, blog!.port)].join('---\n'),
        'root.yaml': ingressRoute('root', 'site', `  virtualhost: { fqdn: site.example.com }
  routes:
  - match: /
    services: [{ name: home, port: 80 }]
  - match: /blog
    delegate: { name: blog, namespace: blog }
  - match: /news
    delegate: { name: news, namespace: blog }
`),
        'blog.yaml': ingressRoute('blog', 'blog', `  routes:
  - match: /blog
    services: [{ name: blog, port: 80 }]
`),
        'news.yaml': ingressRoute('blog', 'news', `  routes:
  - match: /news
    services: [{ name: blog, port: 80 }]
  - match: /admin
    services: [{ name: blog, port: 80 }]
`),
        'stray.yaml': ingressRoute('blog', 'stray', '  routes:\n  - match: /\n    services: [{ name: blog, port: 80 }]\n'),
      },
    });
    await eventually(async () => assert.equal(await servedBy(stack, 'site.example.com', '/blog/x'), 'blog'));
    assert.equal(blog!.requests.at(-1)?.path, '/blog/x');
    assert.equal(await servedBy(stack, 'site.example.com', '/'), 'home');
    assert.equal(await servedBy(stack, 'site.example.com', '/news'), 'home', "news is invalid: not even its own /news is served; the root's / answers");
    assert.equal(await servedBy(stack, 'site.example.com', '/admin'), 'home');

    assert.deepEqual(await irStatus(stack, 'root', 'site'), { currentStatus: 'valid', description: 'valid IngressRoute' });
    assert.deepEqual(await irStatus(stack, 'blog', 'blog'), { currentStatus: 'valid', description: 'valid IngressRoute' });
    const child = await irStatus(stack, 'blog', 'news');
    assert.equal(child.currentStatus, 'invalid');
    assert.match(child.description, /^spec\.routes\[1\]\.match: match \/admin is outside the prefix \/news/);
    const stray = await irStatus(stack, 'blog', 'stray');
    assert.equal(stray.currentStatus, 'orphaned');
    assert.match(stray.description, /no root IngressRoute delegates to this object/);
  });

  it('two tenants claiming one fqdn: the first keeps it, the other is invalid naming the owner; own hosts keep working; when the owner lets go, the other gets it', async (t) => {
    const [a, b] = await echoBackends(t, 'a-login', 'b-login');
    const stack = await startStack(t, {
      files: {
        'svc.yaml': [serviceYaml('team-a', 'login', 80, a!.port), serviceYaml('team-b', 'login', 80, b!.port)].join('---\n'),
        'team-a/own.yaml': simpleRoot('team-a', 'own', 'a.sealyun.com', 'login', '/login'),
        'team-b/own.yaml': simpleRoot('team-b', 'own', 'b.sealyun.com', 'login', '/login'),
        'team-a/shared.yaml': simpleRoot('team-a', 'shared', 'sealyun.com', 'login', '/login'),
      },
    });
    await eventually(async () => assert.equal(await servedBy(stack, 'sealyun.com', '/login'), 'a-login'));
    // Written once team-a's claim is served, so team-a is the older claim however the source stamps files.
    await stack.write('team-b/shared.yaml', simpleRoot('team-b', 'shared', 'sealyun.com', 'login', '/login'));
    const s = await eventually(async () => {
      const st = await irStatus(stack, 'team-b', 'shared');
      assert.equal(st.currentStatus, 'invalid');
      return st;
    });
    assert.match(s.description, /^spec\.virtualhost\.fqdn: host sealyun\.com belongs to namespace team-a \(IngressRoute team-a\/shared claimed it first\)/);
    assert.equal(await servedBy(stack, 'sealyun.com', '/login'), 'a-login', 'the owner keeps its host');
    assert.equal(await servedBy(stack, 'a.sealyun.com', '/login'), 'a-login');
    assert.equal(await servedBy(stack, 'b.sealyun.com', '/login'), 'b-login');
    assert.equal((await irStatus(stack, 'team-a', 'shared')).currentStatus, 'valid');

    await stack.remove('team-a/shared.yaml');
    await eventually(async () => assert.equal(await servedBy(stack, 'sealyun.com', '/login'), 'b-login'));
    assert.equal((await irStatus(stack, 'team-b', 'shared')).currentStatus, 'valid');
  });

  it('terminates TLS on a root: minimum TLS 1.3, HTTP redirects to HTTPS unless permitInsecure', async (t) => {
    const [app] = await echoBackends(t, 'app');
    const { ca, server } = createTestPki(['secure.example.com', 'legacy.example.com']);
    const stack = await startStack(t, {
      config: { 'listeners.https.redirectPort': 8443 },
      files: {
        'svc.yaml': serviceYaml('shop', 'app', 80, app!.port),
        'secret.yaml': tlsSecretYaml('shop', 'shop-cert', server.certPem, server.keyPem),
        'secure.yaml': ingressRoute('shop', 'secure', `  virtualhost:
    fqdn: secure.example.com
    tls: { secretName: shop-cert, minimumProtocolVersion: "1.3" }
  routes:
  - match: /
    services: [{ name: app, port: 80 }]
  - match: /public
    permitInsecure: true
    services: [{ name: app, port: 80 }]
`),
        // The same certificate without a minimum version: the TLS 1.2 refusal above is the setting's doing.
        'legacy.yaml': ingressRoute('shop', 'legacy', '  virtualhost: { fqdn: legacy.example.com, tls: { secretName: shop-cert } }\n  routes:\n  - match: /\n    services: [{ name: app, port: 80 }]\n'),
      },
    });
    const tls = { ca: ca.certPem };
    const secure = await eventually(async () => {
      const r = await stack.get('/cart', { host: 'secure.example.com', tls });
      assert.equal(r.status, 200, r.body);
      return r.json<EchoReply>();
    });
    assert.equal(secure.headers['x-forwarded-proto'], 'https');
    assert.equal(await handshake(stack.httpsPort, 'secure.example.com', ca.certPem, 'TLSv1.3'), 'TLSv1.3');
    await assert.rejects(handshake(stack.httpsPort, 'secure.example.com', ca.certPem, 'TLSv1.2'), /version|alert/i, 'a TLS 1.2-only client is refused');
    await eventually(async () => assert.equal(await handshake(stack.httpsPort, 'legacy.example.com', ca.certPem, 'TLSv1.2'), 'TLSv1.2'));

    const redirect = await stack.get('/cart?x=1', { host: 'secure.example.com' });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.location, 'https://secure.example.com:8443/cart?x=1');
    const insecure = await stack.get('/public/page', { host: 'secure.example.com' });
    assert.equal(insecure.status, 200, 'permitInsecure: served over plain HTTP');
    assert.equal(insecure.json<EchoReply>().headers['x-forwarded-proto'], 'http');
    assert.equal((await irStatus(stack, 'shop', 'secure')).currentStatus, 'valid');
  });

  it('reports an IngressRoute that breaks its schema as invalid with file, line and field; nothing of it is served, the others are', async (t) => {
    const [s1, s2] = await echoBackends(t, 's1', 's2');
    const stack = await startStack(t, {
      files: {
        'svc.yaml': [serviceYaml('default', 's1', 80, s1!.port), serviceYaml('default', 's2', 80, s2!.port)].join('---\n'),
        'good.yaml': simpleRoot('default', 'good', 'good.example.com', 's1'),
        'edit.yaml': simpleRoot('default', 'edit', 'edit.example.com', 's1'),
      },
    });
    await eventually(async () => assert.equal(await servedBy(stack, 'edit.example.com', '/'), 's1'));
    const invalid = (name: string, fqdn: string) => simpleRoot('default', name, fqdn, 's2').replace('port: 80', 'port: "eighty"');
    await stack.write('bad.yaml', invalid('bad', 'bad.example.com'));
    await stack.write('edit.yaml', invalid('edit', 'edit.example.com'));

    for (const name of ['bad', 'edit']) {
      const o = await eventually(async () => {
        const found = (await stack.status()).objects.find((x) => x.ref.kind === 'IngressRoute' && x.ref.name === name);
        assert.equal(found?.state, 'invalid', `${name}: ${JSON.stringify(found)}`);
        return found!;
      });
      assert.deepEqual(o.conditions.map((c) => [c.reason, c.field, c.line, c.file?.endsWith(`${name}.yaml`)]), [['FieldType', 'spec.routes[0].services[0].port', 8, true]], `${name}: the line of the services entry`);
      assert.match(o.conditions[0]!.message, /must be an integer, not a string \("eighty"\)/);
      assert.equal((await irStatus(stack, 'default', name)).currentStatus, 'invalid');
    }
    assert.deepEqual((await stack.status()).problems, [], 'the files themselves are fine');
    assert.equal((await stack.get('/', { host: 'bad.example.com' })).status, 404, 'the invalid object is not served');
    await eventually(async () => assert.equal((await stack.get('/', { host: 'edit.example.com' })).status, 404, 'an object edited into an invalid one is not served'));
    assert.equal(await servedBy(stack, 'good.example.com', '/'), 's1');

    await stack.write('edit.yaml', simpleRoot('default', 'edit', 'edit.example.com', 's2'));
    await eventually(async () => assert.equal(await servedBy(stack, 'edit.example.com', '/'), 's2'));
    assert.equal((await irStatus(stack, 'default', 'edit')).currentStatus, 'valid', 'fixed: valid again');
  });
});

/** A bare TLS handshake limited to one protocol version; resolves with the negotiated version. */
function handshake(port: number, servername: string, ca: string, version: 'TLSv1.2' | 'TLSv1.3'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername, ca, minVersion: version, maxVersion: version });
    socket.setTimeout(5000, () => socket.destroy(new Error('handshake timed out')));
    socket.once('secureConnect', () => {
      resolve(socket.getProtocol() ?? '');
      socket.end();
    });
    socket.once('error', reject);
  });
}

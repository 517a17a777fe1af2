import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../e2e/harness/eventually.js';
import { startKubeCluster, type KubeCluster } from './harness/kube-cluster.js';
import { apply, namespace, remove } from './harness/kube-objects.js';
import { endpointSlice, ingress, service } from './harness/k8s-fixtures.js';
import { envoyDomains, envoyEndpoints, startK8sIsobar, type K8sIsobar } from './harness/k8s-isobar.js';
import { readFileSync } from 'node:fs';
import { createTestPki } from '../e2e/harness/certs.js';
import { yamlObjects } from './harness/kube-objects.js';
import { repoPath } from './harness/kube-tools.js';
import { request } from '../e2e/harness/http-client.js';

describe('Kubernetes source against a real kube-apiserver', () => {
  let cluster: KubeCluster;
  let isobar: K8sIsobar;

  before(async () => {
    cluster = await startKubeCluster();
    await apply(cluster, [namespace('shop'), service('shop', 'web'), endpointSlice('shop', 'web', ['10.1.0.1', '10.1.0.2'])]);
    await apply(cluster, [ingress('shop', 'web', 'shop.example.com', 'web')]);
    isobar = await startK8sIsobar(cluster);
  });
  after(async () => {
    await isobar?.stop();
    await cluster?.stop();
  });

  it('serves an Ingress that existed before isobar started, with its EndpointSlice endpoints', async () => {
    await eventually(async () => assert.ok((await envoyDomains(isobar.envoy!)).includes('shop.example.com')));
    const endpoints = await eventually(async () => {
      const e = Object.entries(await envoyEndpoints(isobar.envoy!)).find(([name]) => name.startsWith('shop/web/'));
      assert.ok(e, 'no cluster for shop/web');
      return e[1];
    });
    assert.deepEqual(endpoints, ['10.1.0.1:80', '10.1.0.2:80']);
  });

  it('follows create, change and delete of an Ingress through the API, without restarting Envoy', async () => {
    const pid = isobar.envoy!.pid;
    await apply(cluster, [ingress('shop', 'cart', 'cart.example.com', 'web')]);
    await eventually(async () => assert.ok((await envoyDomains(isobar.envoy!)).includes('cart.example.com')));
    await apply(cluster, [ingress('shop', 'cart', 'basket.example.com', 'web')]);
    await eventually(async () => {
      const domains = await envoyDomains(isobar.envoy!);
      assert.ok(domains.includes('basket.example.com') && !domains.includes('cart.example.com'), domains.join(','));
    });
    await remove(cluster, { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'cart', namespace: 'shop' } });
    await eventually(async () => assert.ok(!(await envoyDomains(isobar.envoy!)).includes('basket.example.com')));
    assert.equal(isobar.envoy!.pid, pid);
  });

  it('serves the seed article’s IngressRoute as written, once the shipped CRD is installed', async () => {
    const missing = (await isobar.status()).problems.filter((p) => p.reason === 'KindNotServed');
    assert.equal(missing.length, 1, 'the missing CRD is reported');
    assert.match(missing[0]!.message, /ingressroutes.*CRD/);
    await apply(cluster, yamlObjects(readFileSync(repoPath('deploy/manifests/01-crd-ingressroute.yaml'), 'utf8')));
    await apply(cluster, [service('default', 's1'), endpointSlice('default', 's1', ['10.1.1.1'])]);
    const seed = yamlObjects(readFileSync(repoPath('examples/crd/basic-ingressroute.yaml'), 'utf8'))[0]!;
    await apply(cluster, [{ ...seed, metadata: { ...seed.metadata, namespace: 'default' } }]);
    // The reflector looks for a missing CRD every 10 s; the route appears within that.
    await eventually(async () => assert.ok((await envoyDomains(isobar.envoy!)).includes('foo-basic.bar.com')), { timeoutMs: 25_000, intervalMs: 250 });
    assert.deepEqual((await isobar.status()).problems, [], 'the KindNotServed warning is gone');
  });

  it('serves TLS from a kubernetes.io/tls Secret over SDS, and never loads other Secrets', async () => {
    const { server } = createTestPki(['secure.example.com']);
    await apply(cluster, [
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'secure-cert', namespace: 'shop' }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': server.certPem, 'tls.key': server.keyPem } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'opaque', namespace: 'shop' }, type: 'Opaque', stringData: { password: 'hunter2' } },
    ]);
    const tls = ingress('shop', 'secure', 'secure.example.com', 'web');
    (tls['spec'] as Record<string, unknown>)['tls'] = [{ hosts: ['secure.example.com'], secretName: 'secure-cert' }];
    await apply(cluster, [tls]);
    await eventually(async () => {
      const secrets = await isobar.envoy!.configDumpSection<{ dynamic_active_secrets?: Array<{ name: string }> }>('.SecretsConfigDump');
      assert.ok((secrets?.dynamic_active_secrets ?? []).some((s) => s.name.includes('secure-cert')), JSON.stringify(secrets));
    });
    assert.equal(isobar.app.engine.store.get('Secret', 'shop', 'opaque'), undefined, 'an Opaque Secret never reaches isobar');
    assert.ok(isobar.app.engine.store.get('Secret', 'shop', 'secure-cert'));
  });

  it('shows each watch and the leadership on /status', async () => {
    const k8s = (await isobar.status()).sources?.['k8s'];
    assert.ok(k8s?.synced);
    assert.equal(k8s['namespaces'], 'all');
    for (const kind of ['Ingress', 'IngressClass', 'Service', 'EndpointSlice', 'Secret', 'IngressRoute']) assert.ok(k8s['watches'][kind]?.synced, kind);
    assert.ok(k8s['watches']['Ingress'].events >= 3, 'the Ingress create, change and delete above were watch events');
    assert.equal(k8s['leader'].isLeader, true);
  });

  it('follows endpoint changes', async () => {
    await apply(cluster, [endpointSlice('shop', 'web', ['10.1.0.3'])]);
    await eventually(async () => {
      const e = Object.entries(await envoyEndpoints(isobar.envoy!)).find(([name]) => name.startsWith('shop/web/'));
      assert.deepEqual(e?.[1], ['10.1.0.3:80']);
    });
  });

  it('publishes nothing while a kind cannot be listed (RBAC), says which and why, and recovers when allowed', async () => {
    const rules = (withSecrets: boolean) => [
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: withSecrets ? ['services', 'secrets'] : ['services'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['contour.heptio.com'], resources: ['ingressroutes'], verbs: ['get', 'list', 'watch'] },
    ];
    const role = (withSecrets: boolean) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'limited', namespace: 'shop' }, rules: rules(withSecrets) });
    await apply(cluster, [
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'limited', namespace: 'shop' } },
      role(false),
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'limited', namespace: 'shop' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'limited' },
        subjects: [{ kind: 'ServiceAccount', name: 'limited', namespace: 'shop' }],
      },
    ]);
    const token = await cluster.serviceAccountToken('shop', 'limited');
    const limited = await startK8sIsobar(cluster, {
      token,
      name: 'limited',
      envoy: false,
      config: { 'sourceK8s.watchNamespaces': ['shop'], 'sourceK8s.ingressClasses': false, 'leaderElection.enabled': false, 'sourceK8s.writeStatus': false },
    });
    try {
      const problems = await eventually(async () => {
        const st = await limited.status();
        const p = st.problems.filter((x) => x.reason === 'WatchFailed');
        assert.ok(p.length > 0, 'a WatchFailed problem');
        return p;
      });
      assert.ok(problems.some((p) => /Secret in shop/.test(p.message) && /403/.test(p.message)), JSON.stringify(problems));
      const ready = await request({ port: limited.app.adminPort, path: '/readyz' });
      assert.notEqual(ready.status, 200, 'not ready while Secrets cannot be listed');
      assert.equal((await limited.status()).version, null, 'nothing published');
      await apply(cluster, [role(true)]);
      await eventually(async () => assert.equal((await request({ port: limited.app.adminPort, path: '/readyz' })).status, 200), { timeoutMs: 40_000, intervalMs: 250 });
      assert.deepEqual((await limited.status()).problems.filter((x) => x.reason === 'WatchFailed'), []);
    } finally {
      await limited.stop();
    }
  });
});

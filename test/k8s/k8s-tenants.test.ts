import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { KubeApiError, KubeClient } from '../../plugins/source-k8s/kube-client.js';
import { startEchoBackend, type EchoBackend } from '../e2e/harness/echo-backend.js';
import { eventually } from '../e2e/harness/eventually.js';
import { request } from '../e2e/harness/http-client.js';
import { startKubeCluster, type KubeCluster } from './harness/kube-cluster.js';
import { apply, yamlObjects, type KubeObjectLike } from './harness/kube-objects.js';
import { ingress, ingressRoute } from './harness/k8s-fixtures.js';
import { envoyDomains, startK8sIsobar, type K8sIsobar } from './harness/k8s-isobar.js';
import { repoPath } from './harness/kube-tools.js';

interface Tenant {
  name: string;
  objects: KubeObjectLike[];
  /** The shipped isobar.yaml of this tenant's controller. */
  config: Record<string, any>;
  /** The controller's namespace (where its ServiceAccount lives). */
  home: string;
  /** The namespace its teams put Ingresses in. */
  apps: string;
  echo?: EchoBackend;
  isobar?: K8sIsobar;
}

function loadTenant(name: string): Tenant {
  const objects = yamlObjects(readFileSync(repoPath(`deploy/tenant/${name}.yaml`), 'utf8'));
  const cm = objects.find((o) => o.kind === 'ConfigMap' && typeof (o['data'] as Record<string, string> | undefined)?.['isobar.yaml'] === 'string');
  assert.ok(cm, `deploy/tenant/${name}.yaml has a ConfigMap with isobar.yaml`);
  const config = parse((cm['data'] as Record<string, string>)['isobar.yaml']!) as Record<string, any>;
  const sa = objects.find((o) => o.kind === 'ServiceAccount');
  assert.ok(sa, `deploy/tenant/${name}.yaml has a ServiceAccount`);
  const watched: string[] = config['sourceK8s']?.['watchNamespaces'] ?? [];
  assert.equal(watched.length, 1, `${name} watches exactly its own namespace`);
  return { name, objects, config, home: sa.metadata.namespace!, apps: watched[0]! };
}

/** The shipped config, but pointed at the test API server with the tenant's own service-account token. */
function controllerConfig(t: Tenant): Record<string, unknown> {
  const c = t.config;
  return {
    'ingress.className': c['ingress']['className'],
    'ingress.controllerName': c['ingress']?.['controllerName'] ?? 'isobar.io/ingress-controller',
    'ingress.handleUnclassed': c['ingress']?.['handleUnclassed'] ?? true,
    'sourceK8s.watchNamespaces': c['sourceK8s']['watchNamespaces'],
    'sourceK8s.ingressClasses': c['sourceK8s']?.['ingressClasses'] ?? true,
    'sourceK8s.statusAddress': '192.0.2.10',
    'leaderElection.namespace': c['leaderElection']?.['namespace'] ?? t.home,
    'leaderElection.leaseName': c['leaderElection']?.['leaseName'] ?? 'isobar-leader',
  };
}

function echoService(namespace: string, echo: EchoBackend): KubeObjectLike {
  // ExternalName to localhost: the API server refuses loopback EndpointSlice addresses, DNS names are fine.
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace }, spec: { type: 'ExternalName', externalName: 'localhost', ports: [{ name: 'http', port: echo.port }] } };
}

async function answeredBy(t: Tenant, host: string): Promise<string | undefined> {
  const res = await request({ port: t.isobar!.httpPort, host, path: '/', timeoutMs: 2000 });
  return res.status === 200 ? (res.headers['x-echo-backend'] as string | undefined) : `status ${res.status}`;
}

describe('two tenants, two controllers (deploy/tenant): neither sees nor affects the other', () => {
  let cluster: KubeCluster;
  const a = loadTenant('tenant-a');
  const b = loadTenant('tenant-b');

  before(async () => {
    cluster = await startKubeCluster();
    await apply(cluster, yamlObjects(readFileSync(repoPath('deploy/manifests/01-crd-ingressroute.yaml'), 'utf8')));
    for (const t of [a, b]) {
      await apply(cluster, t.objects.filter((o) => o.kind === 'Namespace'));
      await apply(cluster, t.objects.filter((o) => o.kind !== 'Namespace' && o.kind !== 'Deployment'));
      t.echo = await startEchoBackend(`echo-${t.name}`);
      await apply(cluster, [echoService(t.apps, t.echo), ingress(t.apps, 'site', `${t.name}.example.com`, 'web', { port: t.echo.port, className: t.config['ingress']['className'] })]);
    }
    for (const t of [a, b]) {
      const sa = t.objects.find((o) => o.kind === 'ServiceAccount')!;
      const token = await cluster.serviceAccountToken(sa.metadata.namespace!, sa.metadata.name);
      t.isobar = await startK8sIsobar(cluster, { token, name: t.name, config: controllerConfig(t) });
    }
  });
  after(async () => {
    for (const t of [a, b]) {
      await t.isobar?.stop();
      await t.echo?.close();
    }
    await cluster?.stop();
  });

  it('each controller serves its own tenant’s host, runs with the shipped RBAC, and has no watch failures', async () => {
    for (const t of [a, b]) {
      await eventually(async () => assert.equal(await answeredBy(t, `${t.name}.example.com`), t.echo!.name), { timeoutMs: 20_000 });
      const status = await t.isobar!.status();
      assert.deepEqual(status.problems, [], `${t.name}: ${JSON.stringify(status.problems)}`);
    }
    assert.ok(!(await envoyDomains(a.isobar!.envoy!)).includes('tenant-b.example.com'));
    assert.ok(!(await envoyDomains(b.isobar!.envoy!)).includes('tenant-a.example.com'));
  });

  it('a tenant’s credentials cannot read the other tenant’s objects', async () => {
    const sa = a.objects.find((o) => o.kind === 'ServiceAccount')!;
    const client = new KubeClient(cluster.kubeConfig(await cluster.serviceAccountToken(sa.metadata.namespace!, sa.metadata.name)));
    try {
      await client.request('GET', `/apis/networking.k8s.io/v1/namespaces/${a.apps}/ingresses`);
      await assert.rejects(client.request('GET', `/apis/networking.k8s.io/v1/namespaces/${b.apps}/ingresses`), (e: unknown) => e instanceof KubeApiError && e.status === 403);
      await assert.rejects(client.request('GET', '/api/v1/secrets'), (e: unknown) => e instanceof KubeApiError && e.status === 403);
    } finally {
      client.close();
    }
  });

  it('tenant B claiming tenant A’s host (Ingress and IngressRoute) changes nothing for A', async () => {
    await apply(cluster, [
      ingress(b.apps, 'hijack', 'tenant-a.example.com', 'web', { port: b.echo!.port, className: b.config['ingress']['className'] }),
      ingress(b.apps, 'hijack-unclassed', 'tenant-a.example.com', 'web', { port: b.echo!.port, path: '/admin' }),
      ingressRoute(b.apps, 'hijack-route', 'tenant-a.example.com', 'web', b.echo!.port),
      // B's marker proves B's controller processed everything above before A is checked.
      ingress(b.apps, 'marker', 'marker-b.example.com', 'web', { port: b.echo!.port, className: b.config['ingress']['className'] }),
    ]);
    await eventually(async () => assert.equal(await answeredBy(b, 'marker-b.example.com'), b.echo!.name), { timeoutMs: 20_000 });
    for (let i = 0; i < 20; i++) assert.equal(await answeredBy(a, 'tenant-a.example.com'), a.echo!.name);
    const adminPath = await request({ port: a.isobar!.httpPort, host: 'tenant-a.example.com', path: '/admin', timeoutMs: 2000 });
    assert.equal(adminPath.headers['x-echo-backend'], a.echo!.name, 'B’s /admin path on A’s host is not served by A');
    assert.ok(!(await envoyDomains(a.isobar!.envoy!)).includes('marker-b.example.com'));
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { K8sStatusWriter } from '../../plugins/source-k8s/status-writer.js';
import { eventually } from '../e2e/harness/eventually.js';
import { startKubeCluster, type KubeCluster } from './harness/kube-cluster.js';
import { apply, get, namespace, yamlObjects, type KubeObjectLike } from './harness/kube-objects.js';
import { endpointSlice, ingress, ingressRoute, service } from './harness/k8s-fixtures.js';
import { startK8sIsobar, type K8sIsobar } from './harness/k8s-isobar.js';
import { repoPath } from './harness/kube-tools.js';
import { metricValue } from './harness/metrics.js';
import { createTempDir } from '../e2e/harness/temp-dir.js';

const NS = 'team';
const STATUS_ADDRESS = '198.51.100.10';

interface Live extends KubeObjectLike {
  metadata: { name: string; namespace?: string; resourceVersion: string };
  status?: { currentStatus?: string; description?: string; loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> } };
}

const routeRef = (name: string) => ({ apiVersion: 'contour.heptio.com/v1beta1', kind: 'IngressRoute', metadata: { name, namespace: NS } });
const ingressRef = (name: string) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace: NS } });

describe('status write-back to the API server', () => {
  let cluster: KubeCluster;
  let isobar: K8sIsobar;

  const live = (ref: ReturnType<typeof routeRef>) => get<Live>(cluster, ref);
  const writes = (result: string) => metricValue(isobar.app.adminPort, 'isobar_status_writes_total', { result });
  const routeStatus = async (name: string) => (await live(routeRef(name))).status;
  const ingressIps = async (name: string) => ((await live(ingressRef(name))).status?.loadBalancer?.ingress ?? []).map((e) => e.ip ?? e.hostname);

  before(async () => {
    cluster = await startKubeCluster();
    await apply(cluster, yamlObjects(readFileSync(repoPath('deploy/manifests/01-crd-ingressroute.yaml'), 'utf8')));
    await apply(cluster, [namespace(NS), service(NS, 'web'), endpointSlice(NS, 'web', ['10.4.0.1'])]);
    await apply(cluster, [
      ingressRoute(NS, 'good', 'good.example.com', 'web'),
      ingressRoute(NS, 'bad-port', 'bad.example.com', 'web', 81),
      ingressRoute(NS, 'root-a', 'dup.example.com', 'web'),
      ingressRoute(NS, 'root-b', 'dup.example.com', 'web'),
      ingress(NS, 'site', 'site.example.com', 'web'),
      ingress(NS, 'not-ours', 'nginx.example.com', 'web', { annotations: { 'kubernetes.io/ingress.class': 'nginx' } }),
    ]);
    isobar = await startK8sIsobar(cluster, { envoy: false, config: { 'sourceK8s.statusAddress': STATUS_ADDRESS } });
  });
  after(async () => {
    await isobar?.stop();
    await cluster?.stop();
  });

  it('writes currentStatus valid on a valid IngressRoute', async () => {
    await eventually(async () => assert.deepEqual(await routeStatus('good'), { currentStatus: 'valid', description: 'valid IngressRoute' }));
  });

  it('writes invalid with a description naming the problem', async () => {
    const bad = await eventually(async () => {
      const s = await routeStatus('bad-port');
      assert.equal(s?.currentStatus, 'invalid');
      return s!;
    });
    assert.match(bad.description!, /spec\.routes\[0\]\.services\[0\]: Service team\/web has no port 81/);
    for (const [name, other] of [
      ['root-a', 'root-b'],
      ['root-b', 'root-a'],
    ] as const) {
      const s = await eventually(async () => {
        const st = await routeStatus(name);
        assert.equal(st?.currentStatus, 'invalid', name);
        return st!;
      });
      assert.match(s.description!, new RegExp(`spec\\.virtualhost\\.fqdn: fqdn dup\\.example\\.com is also claimed by .*${other}`), name);
    }
  });

  it('flips back to valid when the object is fixed (the edit makes the known resourceVersion stale: 409, read again, retried)', async () => {
    const conflictsBefore = await writes('conflict');
    // A concurrent edit that changes nothing isobar routes on: no rebuild, but the object moves on.
    await cluster.admin.request('PATCH', await cluster.mapper.path(routeRef('bad-port')), {
      body: { metadata: { labels: { edited: 'by-someone-else' } } },
      contentType: 'application/merge-patch+json',
    });
    await apply(cluster, [ingressRoute(NS, 'bad-port', 'bad.example.com', 'web', 80)]);
    await eventually(async () => assert.deepEqual(await routeStatus('bad-port'), { currentStatus: 'valid', description: 'valid IngressRoute' }));
    assert.ok((await writes('conflict')) > conflictsBefore, 'the write against the stale resourceVersion conflicted and was retried');
    await apply(cluster, [ingressRoute(NS, 'root-b', 'dup-b.example.com', 'web')]);
    await eventually(async () => {
      assert.equal((await routeStatus('root-a'))?.currentStatus, 'valid');
      assert.equal((await routeStatus('root-b'))?.currentStatus, 'valid');
    });
  });

  it('writes the status of an object deleted and re-created under the same name, though it is what the old one carried', async () => {
    await eventually(async () => assert.equal((await routeStatus('good'))?.currentStatus, 'valid'));
    // Back to back: the delete and the create may reach one build, which then wants for "good" what it wanted before.
    await cluster.admin.request('DELETE', await cluster.mapper.path(routeRef('good')));
    await apply(cluster, [ingressRoute(NS, 'good', 'good.example.com', 'web')]);
    await eventually(async () => assert.deepEqual(await routeStatus('good'), { currentStatus: 'valid', description: 'valid IngressRoute' }));
  });

  it('writes the configured statusAddress to Ingresses of its class, and leaves other classes alone', async () => {
    await eventually(async () => assert.deepEqual(await ingressIps('site'), [STATUS_ADDRESS]));
    assert.deepEqual(await ingressIps('not-ours'), []);
  });

  it('skips no-op writes: a rebuild for an unrelated change writes nothing and leaves every resourceVersion as it was', async () => {
    const writer = isobar.app.container.get(K8sStatusWriter);
    const objects = [routeRef('good'), routeRef('bad-port'), routeRef('root-a'), routeRef('root-b'), ingressRef('site')];
    await eventually(async () => assert.deepEqual(await ingressIps('site'), [STATUS_ADDRESS]));
    await writer.idle();
    const versions = async () => Promise.all(objects.map(async (o) => (await live(o)).metadata.resourceVersion));
    const before = { versions: await versions(), written: await writes('written'), skipped: await writes('skipped') };
    const builds = () => metricValue(isobar.app.adminPort, 'isobar_builds_total', { kind: 'full' });
    const buildsBefore = await builds();
    await apply(cluster, [service(NS, 'unrelated')]);
    await eventually(async () => assert.ok((await builds()) > buildsBefore, 'the new Service caused a full rebuild'));
    await sleep(300);
    await writer.idle();
    assert.equal(await writes('written'), before.written);
    assert.equal(await writes('skipped'), before.skipped, 'nothing was even queued');
    assert.deepEqual(await versions(), before.versions);
  });

  it('with statusService, writes the Service’s cluster IP, then its load balancer address once it has one', async () => {
    await isobar.stop();
    const [svc] = await apply(cluster, [
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'envoy', namespace: NS }, spec: { type: 'LoadBalancer', selector: { app: 'envoy' }, ports: [{ name: 'http', port: 80, protocol: 'TCP' }] } },
    ]);
    const clusterIp = (svc!['spec'] as { clusterIP: string }).clusterIP;
    isobar = await startK8sIsobar(cluster, { envoy: false, config: { 'sourceK8s.statusService': `${NS}/envoy` } });
    await eventually(async () => assert.deepEqual(await ingressIps('site'), [clusterIp]));
    await cluster.admin.request('PATCH', `/api/v1/namespaces/${NS}/services/envoy/status`, {
      body: { status: { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } } },
      contentType: 'application/merge-patch+json',
    });
    await eventually(async () => assert.deepEqual(await ingressIps('site'), ['203.0.113.7']));
    assert.deepEqual(await ingressIps('not-ours'), []);
    // The IngressRoutes already carry what this instance wants: it read them and wrote nothing.
    assert.equal(await writes('written'), 2, 'the Ingress twice, the IngressRoutes not at all');
  });

  it('with the file source loaded beside it, writes only API objects (no GET or PATCH for file objects)', async () => {
    await isobar.stop();
    const dir = await createTempDir('isobar-mixed-');
    try {
      await dir.write('file-ingress.yaml', `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: from-file, namespace: ${NS} }
spec:
  rules:
  - host: file.example.com
    http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }] }
`);
      isobar = await startK8sIsobar(cluster, {
        envoy: false,
        config: { plugins: ['source-k8s', 'source-file', 'sink-xds'], 'sourceFile.directory': dir.path, 'sourceK8s.statusAddress': '192.0.2.99' },
      });
      await eventually(async () => assert.deepEqual(await ingressIps('site'), ['192.0.2.99']));
      assert.ok((await isobar.status()).objects.some((o) => o.ref.name === 'from-file'), 'the file Ingress is in the build');
      await isobar.app.container.get(K8sStatusWriter).idle();
      assert.equal(await writes('gone'), 0, 'no write aimed at a file object');
      assert.equal(await writes('error'), 0);
    } finally {
      await dir.remove();
    }
  });
});

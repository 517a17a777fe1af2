import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../e2e/harness/eventually.js';
import { startKubeCluster, type KubeCluster } from './harness/kube-cluster.js';
import { apply, namespace, remove } from './harness/kube-objects.js';
import { endpointSlice, ingress, service } from './harness/k8s-fixtures.js';
import { envoyDomains, envoyEndpoints, startK8sIsobar, type K8sIsobar } from './harness/k8s-isobar.js';
import { metricValue } from './harness/metrics.js';

const INGRESS = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' } as const;

async function webEndpoints(isobar: K8sIsobar): Promise<string[] | undefined> {
  return Object.entries(await envoyEndpoints(isobar.envoy!)).find(([name]) => name.startsWith('ops/web/'))?.[1];
}

describe('Kubernetes source: restarts, dropped watches and expired resourceVersions lose nothing', () => {
  let cluster: KubeCluster;
  let isobar: K8sIsobar;

  before(async () => {
    // Without the watch cache, watches go to etcd, where a compacted resourceVersion answers 410 Gone.
    cluster = await startKubeCluster({ watchCache: false, compactionInterval: '1s' });
    await apply(cluster, [namespace('ops'), service('ops', 'web'), endpointSlice('ops', 'web', ['10.2.0.1'])]);
    await apply(cluster, [ingress('ops', 'keep', 'keep.example.com', 'web'), ingress('ops', 'doomed', 'doomed.example.com', 'web')]);
    isobar = await startK8sIsobar(cluster);
    await eventually(async () => assert.ok((await envoyDomains(isobar.envoy!)).includes('doomed.example.com')));
  });
  after(async () => {
    await isobar?.stop();
    await cluster?.stop();
  });

  it('does not rebuild for a status-only update', async () => {
    const builds = () => metricValue(isobar.app.adminPort, 'isobar_builds_total', { kind: 'full' });
    const before = await builds();
    await cluster.admin.request('PATCH', '/apis/networking.k8s.io/v1/namespaces/ops/ingresses/keep/status', {
      body: { status: { loadBalancer: { ingress: [{ ip: '198.51.100.9' }] } } },
      contentType: 'application/merge-patch+json',
    });
    // A routing change made after the status update proves the status event was processed by then.
    await apply(cluster, [ingress('ops', 'marker', 'marker.example.com', 'web')]);
    await eventually(async () => assert.ok((await envoyDomains(isobar.envoy!)).includes('marker.example.com')));
    assert.equal(await builds(), before + 1, 'only the routing change rebuilt');
  });

  it('resumes after the API server restarts (every watch dropped)', async () => {
    await cluster.restartApiServer();
    await apply(cluster, [ingress('ops', 'after-restart', 'after-restart.example.com', 'web')]);
    await eventually(async () => assert.ok((await envoyDomains(isobar.envoy!)).includes('after-restart.example.com')), { timeoutMs: 30_000 });
  });

  it('relists when its resourceVersion was compacted while it was disconnected (410 Gone)', async () => {
    const ingressLists = async () => ((await isobar.status()).sources?.['k8s']?.watches?.['Ingress']?.lists ?? 0) as number;
    const listsBefore = await ingressLists();
    assert.ok(listsBefore >= 1, '/status shows the Ingress watch');
    await cluster.stopApiServer();
    const other = await cluster.startExtraApiServer();
    try {
      await apply(other, [ingress('ops', 'while-away', 'while-away.example.com', 'web'), endpointSlice('ops', 'web', ['10.2.0.7', '10.2.0.8'])]);
      await remove(other, { ...INGRESS, metadata: { name: 'doomed', namespace: 'ops' } });
      // Compaction runs every second and compacts to the revision of the run before: 3 s is past both.
      await sleep(3500);
    } finally {
      await other.stop();
    }
    await cluster.startApiServer();
    await eventually(
      async () => {
        const domains = await envoyDomains(isobar.envoy!);
        assert.ok(domains.includes('while-away.example.com'), `created while away: ${domains.join(',')}`);
        assert.ok(!domains.includes('doomed.example.com'), 'deleted while away');
        assert.ok(domains.includes('keep.example.com'));
        assert.deepEqual(await webEndpoints(isobar), ['10.2.0.7:80', '10.2.0.8:80']);
      },
      { timeoutMs: 40_000 },
    );
    assert.ok((await ingressLists()) > listsBefore, 'the Ingress reflector listed again');
  });

  it('a restarted isobar serves what changed while it was down', async () => {
    await isobar.stop();
    await apply(cluster, [ingress('ops', 'while-down', 'while-down.example.com', 'web'), endpointSlice('ops', 'web', ['10.2.0.9'])]);
    await remove(cluster, { ...INGRESS, metadata: { name: 'marker', namespace: 'ops' } });
    isobar = await startK8sIsobar(cluster);
    await eventually(async () => {
      const domains = await envoyDomains(isobar.envoy!);
      assert.ok(domains.includes('while-down.example.com') && domains.includes('keep.example.com'), domains.join(','));
      assert.ok(!domains.includes('marker.example.com'));
      assert.deepEqual(await webEndpoints(isobar), ['10.2.0.9:80']);
    });
  });
});

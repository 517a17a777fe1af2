import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { microTime } from '../../plugins/source-k8s/lease-lock.js';
import { eventually } from '../e2e/harness/eventually.js';
import { startKubeCluster, type KubeCluster } from './harness/kube-cluster.js';
import { apply, get, namespace } from './harness/kube-objects.js';
import { endpointSlice, ingress, service } from './harness/k8s-fixtures.js';
import { startK8sIsobar, type K8sIsobar } from './harness/k8s-isobar.js';
import { metricValue } from './harness/metrics.js';

const NS = 'apps';
const LEASE = 'isobar-test';
const ADDRESS = '198.51.100.20';

interface Lease {
  spec: { holderIdentity?: string; leaseTransitions?: number };
}

/** Short durations, so a takeover happens within seconds. */
function electionConfig(identity: string, leaseName = LEASE): Record<string, unknown> {
  return {
    'leaderElection.identity': identity,
    'leaderElection.leaseName': leaseName,
    'leaderElection.leaseDurationSeconds': 3,
    'leaderElection.renewDeadlineSeconds': 2,
    'leaderElection.retryPeriodSeconds': 1,
    'sourceK8s.statusAddress': ADDRESS,
  };
}

describe('leader election: one replica holds the Lease and only it writes status', () => {
  let cluster: KubeCluster;
  const replicas = new Map<string, K8sIsobar>();

  const lease = async (name = LEASE) => (await get<Lease>(cluster, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'default' } })).spec;
  const leaderGauge = (i: K8sIsobar) => metricValue(i.app.adminPort, 'isobar_leader');
  const writes = (i: K8sIsobar, result: string) => metricValue(i.app.adminPort, 'isobar_status_writes_total', { result });
  const allWrites = async (i: K8sIsobar) => (await Promise.all(['written', 'skipped', 'conflict', 'gone', 'error'].map((r) => writes(i, r)))).reduce((a, b) => a + b, 0);
  const ingressIps = async (name: string) => {
    const o = await get<{ status?: { loadBalancer?: { ingress?: Array<{ ip?: string }> } } }>(cluster, { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace: NS } });
    return (o.status?.loadBalancer?.ingress ?? []).map((e) => e.ip);
  };

  before(async () => {
    cluster = await startKubeCluster();
    await apply(cluster, [namespace(NS), service(NS, 'web'), endpointSlice(NS, 'web', ['10.5.0.1'])]);
    await apply(cluster, [ingress(NS, 'first', 'first.example.com', 'web')]);
  });
  after(async () => {
    for (const r of replicas.values()) await r.stop();
    await cluster?.stop();
  });

  it('two replicas on one Lease: exactly one holds it, and only that one writes status', async () => {
    const [a, b] = await Promise.all(['isobar-a', 'isobar-b'].map((id) => startK8sIsobar(cluster, { name: id, envoy: false, config: electionConfig(id) })));
    replicas.set('isobar-a', a!).set('isobar-b', b!);
    const holder = await eventually(async () => {
      const h = (await lease()).holderIdentity;
      assert.ok(h === 'isobar-a' || h === 'isobar-b', `holder ${h}`);
      return h;
    });
    const leader = replicas.get(holder)!;
    const follower = replicas.get(holder === 'isobar-a' ? 'isobar-b' : 'isobar-a')!;
    await eventually(async () => assert.equal(await leaderGauge(leader), 1));
    assert.equal(await leaderGauge(follower), 0);

    await eventually(async () => assert.deepEqual(await ingressIps('first'), [ADDRESS]));
    await apply(cluster, [ingress(NS, 'second', 'second.example.com', 'web')]);
    await eventually(async () => assert.deepEqual(await ingressIps('second'), [ADDRESS]));
    // Several renewals later: still the same holder, no transitions, and the follower never wrote.
    const transitions = (await lease()).leaseTransitions;
    await sleep(3000);
    const later = await lease();
    assert.equal(later.holderIdentity, holder);
    assert.equal(later.leaseTransitions, transitions);
    assert.ok((await writes(leader, 'written')) >= 2);
    assert.equal(await allWrites(follower), 0, 'the follower touched no status');
  });

  it('when the leader stops, it releases the Lease and the other replica takes over within seconds and writes status', async () => {
    const holder = (await lease()).holderIdentity!;
    const next = holder === 'isobar-a' ? 'isobar-b' : 'isobar-a';
    const successor = replicas.get(next)!;
    const stoppedAt = Date.now();
    await replicas.get(holder)!.stop();
    replicas.delete(holder);
    await eventually(async () => assert.equal((await lease()).holderIdentity, next), { timeoutMs: 5000 });
    const takeoverMs = Date.now() - stoppedAt;
    assert.ok(takeoverMs < 3000, `a released Lease is taken at the next retry, not after it expires (took ${takeoverMs} ms)`);
    await eventually(async () => assert.equal(await leaderGauge(successor), 1));

    await apply(cluster, [ingress(NS, 'third', 'third.example.com', 'web')]);
    await eventually(async () => assert.deepEqual(await ingressIps('third'), [ADDRESS]));
    assert.equal(await writes(successor, 'written'), 1, 'the new leader wrote only the new Ingress');
    assert.ok((await writes(successor, 'skipped')) >= 2, 'it read the others, found them right and left them alone');
  });

  it('a Lease whose holder vanished without releasing it is taken once it has not been renewed for leaseDurationSeconds', async () => {
    const now = microTime(Date.now());
    await apply(cluster, [
      {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: 'crashed', namespace: 'default' },
        spec: { holderIdentity: 'ghost', leaseDurationSeconds: 3, acquireTime: now, renewTime: now, leaseTransitions: 4 },
      },
    ]);
    const startedAt = Date.now();
    const c = await startK8sIsobar(cluster, { name: 'isobar-c', envoy: false, config: electionConfig('isobar-c', 'crashed') });
    replicas.set('isobar-c', c);
    await sleep(1500);
    assert.equal((await lease('crashed')).holderIdentity, 'ghost', 'not taken while it may still be valid');
    assert.equal(await leaderGauge(c), 0);
    await eventually(async () => assert.equal((await lease('crashed')).holderIdentity, 'isobar-c'), { timeoutMs: 8000 });
    assert.ok(Date.now() - startedAt >= 3000, 'waited out the lease duration');
    assert.equal((await lease('crashed')).leaseTransitions, 5);
    await eventually(async () => assert.equal(await leaderGauge(c), 1));
  });

  it('a leader that cannot renew steps down within renewDeadlineSeconds, and leads again once the API server is back', async () => {
    const leaders = [...replicas.values()];
    for (const r of leaders) assert.equal(await leaderGauge(r), 1);
    await cluster.stopApiServer();
    const stoppedAt = Date.now();
    try {
      await eventually(async () => {
        for (const r of leaders) assert.equal(await leaderGauge(r), 0);
      }, { timeoutMs: 5000 });
      // renewDeadlineSeconds 2 after the last renewal, which was at most retryPeriodSeconds 1 before the stop.
      assert.ok(Date.now() - stoppedAt < 3000, `stepped down after ${Date.now() - stoppedAt} ms`);
    } finally {
      await cluster.startApiServer();
    }
    await eventually(async () => {
      for (const r of leaders) assert.equal(await leaderGauge(r), 1);
    }, { timeoutMs: 15000 });
  });
});

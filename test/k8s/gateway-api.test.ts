/**
 * Gateway API against a real kube-apiserver with the release's CRDs: isobar (the leader) writes the
 * spec's status on GatewayClass, Gateway and HTTPRoute, keeps another controller's conditions, and gives
 * each Gateway its Envoy fleet (Deployment, Service, xDS client Secret, owned by the Gateway); a Gateway
 * that cannot be served gets none and holds up no other.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../e2e/harness/eventually.js';
import { startKubeCluster, type KubeCluster } from './harness/kube-cluster.js';
import { apply, get, namespace, yamlObjects, type KubeObjectLike } from './harness/kube-objects.js';
import { service } from './harness/k8s-fixtures.js';
import { startK8sIsobar, type K8sIsobar } from './harness/k8s-isobar.js';
import { repoPath } from './harness/kube-tools.js';

const NS = 'gw';
const V1 = 'gateway.networking.k8s.io/v1';

type Condition = { type: string; status: string; reason: string; observedGeneration?: number };
interface Live extends KubeObjectLike {
  metadata: { name: string; uid: string; ownerReferences?: Array<{ kind: string; name: string; uid: string; controller?: boolean }> };
  status?: { conditions?: Condition[]; parents?: Array<{ controllerName: string; conditions: Condition[] }>; listeners?: Array<{ name: string; attachedRoutes: number }> };
  spec?: Record<string, unknown>;
}

const crds = (): KubeObjectLike[] => {
  const dir = repoPath('.gen/gateway-api/v1.7.0/crd/experimental');
  return readdirSync(dir).filter((f) => f.startsWith('gateway.networking.k8s.io_') && !f.includes('vap')).flatMap((f) => yamlObjects(readFileSync(`${dir}/${f}`, 'utf8')));
};
const gateway = (name: string, listeners: unknown[]) => ({ apiVersion: V1, kind: 'Gateway', metadata: { name, namespace: NS }, spec: { gatewayClassName: 'isobar', listeners } });
const ref = (kind: string, name: string, ns: string | undefined = NS) => ({ apiVersion: kind === 'Deployment' ? 'apps/v1' : kind === 'Service' || kind === 'Secret' ? 'v1' : V1, kind, metadata: { name, ...(ns ? { namespace: ns } : {}) } });
const summary = (cs: Condition[] | undefined) => (cs ?? []).map((c) => `${c.type}=${c.status}:${c.reason}`);

describe('Gateway API on a real API server', () => {
  let cluster: KubeCluster;
  let isobar: K8sIsobar;

  before(async () => {
    cluster = await startKubeCluster();
    await apply(cluster, crds());
    await apply(cluster, [
      namespace(NS),
      namespace('isobar-system'),
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'isobar-xds-client', namespace: 'isobar-system' }, type: 'Opaque', stringData: { 'ca.crt': 'ca', 'tls.crt': 'crt', 'tls.key': 'key' } },
      service(NS, 'web'),
      { apiVersion: V1, kind: 'GatewayClass', metadata: { name: 'isobar' }, spec: { controllerName: 'isobar.io/gateway-controller' } },
      gateway('good', [{ name: 'http', port: 80, protocol: 'HTTP' }]),
      gateway('unservable', [{ name: 'udp', port: 53, protocol: 'UDP' }]),
      { apiVersion: V1, kind: 'HTTPRoute', metadata: { name: 'r', namespace: NS }, spec: { parentRefs: [{ name: 'good' }], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] } },
    ]);
    isobar = await startK8sIsobar(cluster, {
      envoy: false,
      config: { plugins: ['source-k8s', 'sink-xds', 'api-gateway'], 'gatewayApi.fleets': true, 'gatewayApi.privilegedPortOffset': 10000 },
    });
  });
  after(async () => {
    await isobar?.stop();
    await cluster?.stop();
  });

  it('writes the GatewayClass, Gateway and route status the spec asks for', async () => {
    await eventually(async () => assert.deepEqual(summary((await get<Live>(cluster, ref('GatewayClass', 'isobar', undefined))).status?.conditions), ['Accepted=True:Accepted', 'SupportedVersion=True:SupportedVersion']));
    await eventually(async () => {
      const r = await get<Live>(cluster, ref('HTTPRoute', 'r'));
      assert.deepEqual(summary(r.status?.parents?.[0]?.conditions), ['Accepted=True:Accepted', 'ResolvedRefs=True:ResolvedRefs']);
      assert.equal(r.status?.parents?.[0]?.controllerName, 'isobar.io/gateway-controller');
    });
    await eventually(async () => assert.deepEqual(summary((await get<Live>(cluster, ref('Gateway', 'unservable'))).status?.conditions), ['Accepted=False:ListenersNotValid', 'Programmed=False:Invalid']));
  });

  it('gives a Gateway its Envoy Deployment, Service and xDS Secret, owned by it, and none to a Gateway with nothing to serve', async () => {
    const gw = await get<Live>(cluster, ref('Gateway', 'good'));
    for (const kind of ['Deployment', 'Service', 'Secret']) {
      const obj = await eventually(() => get<Live>(cluster, ref(kind, 'isobar-good')));
      assert.deepEqual(obj.metadata.ownerReferences?.map((o) => [o.kind, o.name, o.uid, o.controller]), [['Gateway', 'good', gw.metadata.uid, true]], kind);
    }
    const svc = await get<Live & { spec: { ports: Array<{ port: number; targetPort: number }> } }>(cluster, ref('Service', 'isobar-good'));
    assert.deepEqual(svc.spec.ports.map((p) => [p.port, p.targetPort]), [[80, 10080]], 'port 80 is bound as 10080 by Envoy');
    const deploy = await get<Live & { spec: { template: { spec: { initContainers: Array<{ args: string[] }> } } } }>(cluster, ref('Deployment', 'isobar-good'));
    const args = deploy.spec.template.spec.initContainers[0]!.args;
    assert.equal(args[args.indexOf('--fleet') + 1], `gateway/${NS}/good`);
    await assert.rejects(get(cluster, ref('Service', 'isobar-unservable')), /404/);
    // The Service has a cluster IP (the API server assigns it): that is the Gateway's address, and it is programmed.
    await eventually(async () => {
      const live = await get<Live & { status?: { addresses?: Array<{ value: string }> } }>(cluster, ref('Gateway', 'good'));
      assert.deepEqual([live.status?.addresses?.[0]?.value, summary(live.status?.conditions)], [(svc.spec as unknown as { clusterIP: string }).clusterIP, ['Accepted=True:Accepted', 'Programmed=True:Programmed']]);
    });
  });

  it('keeps a condition another controller wrote on the Gateway', async () => {
    const path = `/apis/${V1}/namespaces/${NS}/gateways/good/status`;
    const live = await get<Live>(cluster, ref('Gateway', 'good'));
    const foreign = { type: 'example.com/Audited', status: 'True', reason: 'Seen', message: 'seen', lastTransitionTime: '2026-01-01T00:00:00Z', observedGeneration: 1 };
    await cluster.admin.request('PATCH', path, { body: JSON.stringify({ status: { conditions: [...(live.status?.conditions ?? []), foreign] } }), contentType: 'application/merge-patch+json' });
    // A spec change makes isobar write the status again; the foreign condition must survive it.
    await apply(cluster, [gateway('good', [{ name: 'http', port: 80, protocol: 'HTTP' }, { name: 'alt', port: 8080, protocol: 'HTTP' }])]);
    await eventually(async () => {
      const after = await get<Live>(cluster, ref('Gateway', 'good'));
      assert.deepEqual(after.status?.listeners?.map((l) => l.name), ['http', 'alt']);
      assert.ok(after.status?.conditions?.some((c) => c.type === 'example.com/Audited'), JSON.stringify(after.status?.conditions));
    });
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../e2e/harness/eventually.js';
import { startKubeCluster, type KubeCluster } from './harness/kube-cluster.js';
import { apply, namespace, remove } from './harness/kube-objects.js';
import { endpointSlice, ingress, service } from './harness/k8s-fixtures.js';
import { envoyDomains, startK8sIsobar, type K8sIsobar } from './harness/k8s-isobar.js';

function ingressClass(name: string, controller: string) {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name }, spec: { controller } };
}

describe('Kubernetes source: only this controller’s ingress class is served', () => {
  let cluster: KubeCluster;
  let isobar: K8sIsobar;

  before(async () => {
    cluster = await startKubeCluster();
    await apply(cluster, [
      namespace('apps'),
      service('apps', 'web'),
      endpointSlice('apps', 'web', ['10.3.0.1']),
      ingressClass('edge', 'isobar.io/ingress-controller'),
      ingressClass('nginx', 'k8s.io/ingress-nginx'),
    ]);
    await apply(cluster, [
      ingress('apps', 'by-class-object', 'edge.example.com', 'web', { className: 'edge' }),
      ingress('apps', 'by-class-name', 'named.example.com', 'web', { className: 'isobar' }),
      ingress('apps', 'other-class', 'nginx.example.com', 'web', { className: 'nginx' }),
      ingress('apps', 'annotated-ours', 'annotated.example.com', 'web', { annotations: { 'kubernetes.io/ingress.class': 'isobar' } }),
      ingress('apps', 'annotated-other', 'annotated-other.example.com', 'web', { annotations: { 'kubernetes.io/ingress.class': 'nginx' } }),
      ingress('apps', 'unclassed', 'unclassed.example.com', 'web'),
    ]);
    isobar = await startK8sIsobar(cluster);
  });
  after(async () => {
    await isobar?.stop();
    await cluster?.stop();
  });

  it('serves its own classes and unclassed Ingresses, and nothing of another controller’s', async () => {
    const domains = await eventually(async () => {
      const d = await envoyDomains(isobar.envoy!);
      assert.ok(d.includes('edge.example.com'), d.join(','));
      return d;
    });
    for (const host of ['edge.example.com', 'named.example.com', 'annotated.example.com', 'unclassed.example.com']) assert.ok(domains.includes(host), host);
    for (const host of ['nginx.example.com', 'annotated-other.example.com']) assert.ok(!domains.includes(host), host);
    const status = await isobar.status();
    const names = status.objects.filter((o) => o.ref.kind === 'Ingress').map((o) => o.ref.name);
    assert.ok(!names.includes('other-class') && !names.includes('annotated-other'), 'no status for other classes');
  });

  it('drops an Ingress when the IngressClass that made it ours is deleted', async () => {
    await remove(cluster, { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'edge' } });
    await eventually(async () => {
      const d = await envoyDomains(isobar.envoy!);
      assert.ok(!d.includes('edge.example.com') && d.includes('named.example.com'), d.join(','));
    });
  });
});

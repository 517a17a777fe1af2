import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../e2e/harness/eventually.js';
import { startKubeCluster, type KubeCluster } from './harness/kube-cluster.js';
import { apply, namespace, remove } from './harness/kube-objects.js';
import { endpointSlice, ingress, service } from './harness/k8s-fixtures.js';
import { envoyDomains, envoyEndpoints, startK8sIsobar, type K8sIsobar } from './harness/k8s-isobar.js';

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

  it('follows endpoint changes', async () => {
    await apply(cluster, [endpointSlice('shop', 'web', ['10.1.0.3'])]);
    await eventually(async () => {
      const e = Object.entries(await envoyEndpoints(isobar.envoy!)).find(([name]) => name.startsWith('shop/web/'));
      assert.deepEqual(e?.[1], ['10.1.0.3:80']);
    });
  });
});

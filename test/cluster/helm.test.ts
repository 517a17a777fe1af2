import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { helm, CHART } from '../k8s/harness/helm.js';
import { echoApp, type EchoApp } from './harness/echo-app.js';
import { NetnsClient } from './harness/netns-client.js';
import { assertRoutesToEchoPods } from './harness/routing-checks.js';
import { eventually, IMAGES, kubectl, kubectlJson, nodeCluster, rolledOut } from './harness/node-cluster.js';

// The Helm chart as a user installs it (its own xDS certificates, a LoadBalancer Service), with only the
// image names set to the ones built here, on the real node; traffic from a client in its own network
// namespace through the Service's node port, to echo pods. `helm uninstall` then leaves no pod behind.
const NS = 'isobar-helm';
const APPS = 'helm-apps';
const RELEASE = 'isobar';

function imageSets(): string[] {
  const [isobarRepo, isobarTag] = IMAGES.isobar.split(':') as [string, string];
  const [envoyRepo, envoyTag] = IMAGES.envoy.split(':') as [string, string];
  return [`image.repository=${isobarRepo}`, `image.tag=${isobarTag}`, `envoy.image.repository=${envoyRepo}`, `envoy.image.tag=${envoyTag}`];
}

describe('the Helm chart on a real node', { timeout: 900_000 }, () => {
  const cluster = nodeCluster();
  const kube = ['--kubeconfig', cluster.kubeconfig];
  let client: NetnsClient;
  let app: EchoApp;
  let url: string;
  let installed = false;

  before(async () => {
    const t0 = Date.now();
    await helm('install', RELEASE, CHART, ...kube, '--namespace', NS, '--create-namespace', ...imageSets().flatMap((s) => ['--set', s]));
    installed = true;
    await rolledOut(cluster, NS, RELEASE, 240);
    console.log(`# helm install: Deployment available ${((Date.now() - t0) / 1000).toFixed(1)} s after install`);
    app = await echoApp(cluster, APPS, 2);
    const svc = await kubectlJson<{ spec: { type: string; ports: Array<{ name: string; nodePort: number }> } }>(cluster, ['-n', NS, 'get', 'service', `${RELEASE}-envoy`]);
    assert.equal(svc.spec.type, 'LoadBalancer', 'the chart’s default Service type');
    url = `http://${cluster.nodeIp}:${svc.spec.ports.find((p) => p.name === 'http')!.nodePort}/`;
    client = await NetnsClient.create(2, cluster.nodeIp);
  });

  after(async () => {
    await client?.remove();
    await kubectl(cluster, ['delete', 'namespace', APPS, '--wait=true', '--timeout=120s']).catch(() => undefined);
    if (installed) await helm('uninstall', RELEASE, ...kube, '--namespace', NS, '--wait', '--timeout', '180s').catch((err) => console.log(`# cleanup: ${err}`));
    await kubectl(cluster, ['delete', 'namespace', NS, '--wait=true', '--timeout=120s', '--ignore-not-found']).catch(() => undefined);
  });

  it('has the images given and nothing pulled from a registry', async () => {
    const pods = await kubectlJson<{ items: Array<{ spec: { initContainers?: Array<{ image: string }>; containers: Array<{ image: string }> } }> }>(cluster, ['-n', NS, 'get', 'pods']);
    assert.ok(pods.items.length > 0);
    for (const pod of pods.items) {
      for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) assert.ok(Object.values(IMAGES).includes(c.image as never), c.image);
    }
  });

  it('routes an Ingress and an IngressRoute to echo pods through the chart’s envoy Service, from another network namespace', async () => {
    await assertRoutesToEchoPods(client, url, app);
  });

  it('is gone after helm uninstall: no pod or Service of the release and not its IngressClass is left', async () => {
    await helm('uninstall', RELEASE, ...kube, '--namespace', NS, '--wait', '--timeout', '180s');
    installed = false;
    await eventually('no pods left in the release namespace', async () => {
      const pods = await kubectlJson<{ items: unknown[] }>(cluster, ['-n', NS, 'get', 'pods']);
      return pods.items.length === 0 ? true : undefined;
    });
    const services = await kubectlJson<{ items: unknown[] }>(cluster, ['-n', NS, 'get', 'services']);
    assert.equal(services.items.length, 0);
    const classes = await kubectlJson<{ items: Array<{ metadata: { name: string } }> }>(cluster, ['get', 'ingressclasses']);
    assert.ok(!classes.items.some((c) => c.metadata.name === 'isobar'), 'the chart’s IngressClass is removed');
  });
});

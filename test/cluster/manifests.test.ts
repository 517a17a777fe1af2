import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoPath } from '../k8s/harness/kube-tools.js';
import { manifestTexts } from '../k8s/harness/shipped-manifests.js';
import { echoApp, type EchoApp } from './harness/echo-app.js';
import { NetnsClient } from './harness/netns-client.js';
import { assertRoutesToEchoPods } from './harness/routing-checks.js';
import { eventually, IMAGES, kubectl, kubectlJson, nodeCluster, rolledOut, type NodeCluster } from './harness/node-cluster.js';

// deploy/manifests as a user applies them (README: namespace, certgen Secrets, `kubectl apply -f`), with
// only the two image names swapped for the ones built here, on a real node: kubelet, containerd, runc,
// CNI bridge, kube-proxy. Traffic comes from a client in its own network namespace through the
// `envoy` Service's NodePort, to echo pods.
const NS = 'isobar-system';
const APPS = 'cluster-apps';

interface Pod {
  metadata: { name: string; deletionTimestamp?: string };
  status: { phase: string; conditions?: Array<{ type: string; status: string }> };
}

function manifestsWithLocalImages(): string {
  const text = manifestTexts().join('\n---\n');
  const swapped = text.replaceAll('ghcr.io/isobar-proxy/isobar:0.1.0', IMAGES.isobar).replaceAll('docker.io/envoyproxy/envoy:v1.40.0', IMAGES.envoy);
  assert.equal((swapped.match(/image: isobar\.local\//g) ?? []).length, 3, 'the init container, isobar and envoy: only the image names change');
  assert.doesNotMatch(swapped, /image: (ghcr|docker)\.io/);
  return swapped;
}

async function isobarPods(cluster: NodeCluster): Promise<Pod[]> {
  const list = await kubectlJson<{ items: Pod[] }>(cluster, ['-n', NS, 'get', 'pods', '-l', 'app.kubernetes.io/component=ingress-controller']);
  return list.items.filter((p) => !p.metadata.deletionTimestamp);
}

async function leaseHolder(cluster: NodeCluster): Promise<string | undefined> {
  const lease = await kubectlJson<{ spec: { holderIdentity?: string } }>(cluster, ['-n', NS, 'get', 'lease', 'isobar-leader']);
  return lease.spec.holderIdentity || undefined;
}

describe('deploy/manifests on a real node', { timeout: 900_000 }, () => {
  const cluster = nodeCluster();
  let client: NetnsClient;
  let app: EchoApp;
  let url: string;

  before(async () => {
    const t0 = Date.now();
    await kubectl(cluster, ['apply', '-f', repoPath('deploy/manifests/00-namespace.yaml')]);
    const secrets = execFileSync(process.execPath, [repoPath('dist/cli/main.js'), 'certgen', '--kube-secrets', '--namespace', NS], { encoding: 'utf8' });
    await kubectl(cluster, ['apply', '-f', '-'], secrets);
    await kubectl(cluster, ['apply', '-f', '-'], manifestsWithLocalImages());
    await rolledOut(cluster, NS, 'isobar', 240);
    console.log(`# isobar Deployment available ${((Date.now() - t0) / 1000).toFixed(1)} s after apply`);
    app = await echoApp(cluster, APPS, 2);
    const svc = await kubectlJson<{ spec: { ports: Array<{ name: string; nodePort: number }> } }>(cluster, ['-n', NS, 'get', 'service', 'envoy']);
    url = `http://${cluster.nodeIp}:${svc.spec.ports.find((p) => p.name === 'http')!.nodePort}/`;
    client = await NetnsClient.create(1, cluster.nodeIp);
  });

  after(async () => {
    await client?.remove();
    await kubectl(cluster, ['delete', 'namespace', APPS, '--wait=true', '--timeout=120s']).catch(() => undefined);
    await kubectl(cluster, ['delete', '-f', '-', '--wait=true', '--timeout=180s', '--ignore-not-found'], manifestsWithLocalImages()).catch((err) => console.log(`# cleanup: ${err}`));
  });

  it('routes an Ingress and an IngressRoute to echo pods through the envoy Service, from another network namespace', async () => {
    await assertRoutesToEchoPods(client, url, app);
  });

  it('follows the backend Deployment as it scales up and down, with no failed request', async () => {
    const load = await client.load(url, app.ingressHost);
    await sleep(2000);
    await app.scale(4);
    const four = new Set(await app.podNames());
    assert.equal(four.size, 4);
    await sleep(4000);
    await app.scale(2);
    const two = new Set(await app.podNames());
    await sleep(4000);
    const totals = await load.stop();
    console.log(`# scale 2→4→2 under load: ${totals.sent} requests sent, ${totals.failed} failed ${JSON.stringify(totals.errors)}; per pod ${JSON.stringify(totals.pods)}`);
    assert.equal(totals.failed, 0, JSON.stringify(totals.errors));
    for (const pod of four) assert.ok((totals.pods[pod] ?? 0) > 0, `the scaled-up pod ${pod} got traffic: ${JSON.stringify(totals.pods)}`);
    assert.equal(two.size, 2);
  });

  it('rolls isobar’s Deployment under steady load with no failed request', async () => {
    const before = new Set((await isobarPods(cluster)).map((p) => p.metadata.name));
    const load = await client.load(url, app.ingressHost);
    await sleep(2000);
    const t0 = Date.now();
    await kubectl(cluster, ['-n', NS, 'rollout', 'restart', 'deployment/isobar']);
    await rolledOut(cluster, NS, 'isobar', 300);
    const rollS = (Date.now() - t0) / 1000;
    await sleep(2000);
    const totals = await load.stop();
    console.log(`# rolling update of isobar (2 replicas) in ${rollS.toFixed(1)} s under load: ${totals.sent} requests sent, ${totals.failed} failed ${JSON.stringify(totals.errors)}`);
    const afterPods = await isobarPods(cluster);
    assert.equal(afterPods.length, 2);
    for (const p of afterPods) assert.ok(!before.has(p.metadata.name), `${p.metadata.name} is a new pod`);
    assert.ok(totals.sent > 100, `steady load: ${totals.sent} requests`);
    assert.equal(totals.failed, 0, JSON.stringify(totals.errors));
  });

  it('has exactly one replica holding the Lease, and deleting its pod hands leadership over', async () => {
    const pods = (await isobarPods(cluster)).map((p) => p.metadata.name);
    const holder = await eventually('a Lease holder among the pods', async () => {
      const h = await leaseHolder(cluster);
      return h && pods.includes(h) ? h : undefined;
    });
    const leaders = await Promise.all(
      pods.map(async (p) => {
        const status = JSON.parse(await kubectl(cluster, ['-n', NS, 'exec', p, '-c', 'envoy', '--', 'bash', '-c', statusRequest])) as { sources?: unknown };
        return JSON.stringify(status).includes('"isLeader":true') ? p : undefined;
      }),
    );
    assert.deepEqual(leaders.filter(Boolean), [holder], 'only the holder says it leads on /status');
    const t0 = Date.now();
    await kubectl(cluster, ['-n', NS, 'delete', 'pod', holder, '--wait=false']);
    const next = await eventually('another pod holding the Lease', async () => {
      const h = await leaseHolder(cluster);
      return h && h !== holder ? h : undefined;
    });
    console.log(`# Lease handed from ${holder} to ${next} ${((Date.now() - t0) / 1000).toFixed(1)} s after the delete`);
    assert.ok((await isobarPods(cluster)).some((p) => p.metadata.name === next), `${next} is a live isobar pod`);
    await rolledOut(cluster, NS, 'isobar', 240);
  });

  it('copies the envoy Service’s load-balancer address into the Ingress status', async () => {
    // No load-balancer implementation runs here: the test does what one would, on the Service's status.
    await kubectl(cluster, ['-n', NS, 'patch', 'service', 'envoy', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { loadBalancer: { ingress: [{ ip: cluster.nodeIp }] } } })]);
    const ip = await eventually('the Ingress status address', async () => {
      const ing = await kubectlJson<{ status?: { loadBalancer?: { ingress?: Array<{ ip?: string }> } } }>(cluster, ['-n', APPS, 'get', 'ingress', 'echo']);
      return ing.status?.loadBalancer?.ingress?.[0]?.ip;
    });
    assert.equal(ip, cluster.nodeIp);
  });

  it('logs JSON, one object per line, readable with kubectl logs', async () => {
    const pod = (await isobarPods(cluster))[0]!.metadata.name;
    const lines = (await kubectl(cluster, ['-n', NS, 'logs', pod, '-c', 'isobar'])).split('\n').filter((l) => l.trim() !== '');
    assert.ok(lines.length > 3, `some lines: ${lines.length}`);
    for (const line of lines) {
      const entry = JSON.parse(line) as { level?: unknown; msg?: unknown; time?: unknown };
      assert.ok(entry.level !== undefined && typeof entry.msg === 'string' && entry.time !== undefined, line);
    }
  });
});

// /status of the isobar in the same pod, asked from the envoy container (bash's /dev/tcp; isobar's image has no shell).
const statusRequest = `exec 3<>/dev/tcp/127.0.0.1/8000 && printf 'GET /status HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n' >&3 && sed '1,/^\\r$/d' <&3`;

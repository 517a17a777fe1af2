/**
 * deploy/manifests as a cluster would run them, minus the container runtime: the shipped objects are
 * applied to a real API server, the xDS Secrets come from `isobar certgen --kube-secrets`, and the
 * Deployment's own command lines run here (init container `isobar bootstrap`, then `isobar serve` with
 * the shipped config and the ServiceAccount's RBAC, then Envoy), their volume paths mapped to a temp dir.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { startEchoBackend, type EchoBackend } from '../e2e/harness/echo-backend.js';
import { startEnvoy, type EnvoyProcess } from '../e2e/harness/envoy-process.js';
import { eventually } from '../e2e/harness/eventually.js';
import { request } from '../e2e/harness/http-client.js';
import { freePorts } from '../e2e/harness/ports.js';
import { createTempDir, type TempDir } from '../e2e/harness/temp-dir.js';
import { startKubeCluster, type KubeCluster } from './harness/kube-cluster.js';
import { apply, get, namespace, yamlObjects, type KubeObjectLike } from './harness/kube-objects.js';
import { ingress, ingressRoute } from './harness/k8s-fixtures.js';
import { manifests } from './harness/shipped-manifests.js';
import { PodVolumes, podContainers } from './harness/pod-volumes.js';

const run = promisify(execFile);
const MAIN = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const NS = 'isobar-system';
const POD = 'isobar-test-pod';

/** A Secret volume's files, as the kubelet would write them. */
function secretFiles(secret: KubeObjectLike): Record<string, string> {
  const data = secret['data'] as Record<string, string>;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
}

describe('deploy/manifests, run as deployed: certgen Secrets, init container bootstrap, isobar serve, Envoy', () => {
  let cluster: KubeCluster;
  let dir: TempDir;
  let isobar: ChildProcess;
  let isobarExit: Promise<number | null>;
  let envoy: EnvoyProcess;
  let echo: EchoBackend;
  let httpPort: number;
  let adminPort: number;
  let statsPort: number;
  let output = '';

  before(async () => {
    cluster = await startKubeCluster();
    dir = await createTempDir('isobar-as-deployed-');
    const objects = manifests();
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    await apply(cluster, objects.filter((o) => o.kind === 'Namespace'));
    await apply(cluster, objects.filter((o) => o.kind !== 'Namespace' && o.kind !== 'Deployment'));

    // README: isobar certgen --kube-secrets --namespace isobar-system | kubectl apply -f -
    const { stdout } = await run(process.execPath, [MAIN, 'certgen', '--kube-secrets', '--namespace', NS]);
    const secrets = await apply(cluster, yamlObjects(stdout));
    const byName = Object.fromEntries(secrets.map((s) => [s.metadata.name, s]));
    const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === NS)!;

    const volumes = new PodVolumes(dir.path);
    await volumes.populate({
      config: configMap['data'] as Record<string, string>,
      'xds-server-cert': secretFiles(byName['isobar-xds-server']!),
      'xds-client-cert': secretFiles(byName['isobar-xds-client']!),
    });
    const { init, containers } = podContainers(deployment);
    const env = { POD_NAME: POD };
    const [xdsPort, http, https, admin, stats, envoyAdmin] = await freePorts(6);
    httpPort = http!;
    adminPort = admin!;
    statsPort = stats!;

    // Init container: the bootstrap, with the pod-local xDS and Envoy admin ports moved to free ones
    // (the stats listener forwards to the admin port, so it must be a real one), and the stats listener
    // (the pod IP's 0.0.0.0 in the cluster) on 127.0.0.1 and a free port.
    const envoyContainer = containers.find((c) => c.name === 'envoy')!;
    const moved: Record<string, string> = { '--xds-port': String(xdsPort), '--admin-port': String(envoyAdmin), '--stats-address': '127.0.0.1', '--stats-port': String(statsPort) };
    // Its certificate paths are Envoy's (the envoy container mounts the client certificate).
    const bootstrapArgs = (await volumes.argsOf(init[0]!, env, [envoyContainer])).map((a, i, all) => moved[all[i - 1]!] ?? a);
    for (const flag of ['--stats-address', '--stats-port']) assert.ok(bootstrapArgs.includes(flag), `the init container passes ${flag}`);
    await run(process.execPath, [MAIN, ...bootstrapArgs]);

    // isobar: the shipped command line and config file. What a node gives a pod differently is set the
    // way an operator would override it, by environment: 127.0.0.1 addresses and free ports, the xDS
    // certificate paths, and the ServiceAccount's token as a kubeconfig instead of the in-cluster mount.
    const token = await cluster.serviceAccountToken(NS, 'isobar');
    const isobarContainer = containers.find((c) => c.name === 'isobar')!;
    const serveArgs = await volumes.argsOf(isobarContainer, env);
    const certs = volumes.dir('xds-server-cert');
    isobar = spawn(process.execPath, [MAIN, ...serveArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        POD_NAME: POD,
        ISOBAR_IN_CLUSTER: 'false',
        ISOBAR_KUBECONFIG: await cluster.kubeConfigFile('isobar-sa', token),
        ISOBAR_ADMIN_ADDRESS: '127.0.0.1',
        ISOBAR_ADMIN_PORT: String(adminPort),
        ISOBAR_XDS_ADDRESS: '127.0.0.1',
        ISOBAR_XDS_PORT: String(xdsPort),
        ISOBAR_HTTP_ADDRESS: '127.0.0.1',
        ISOBAR_HTTP_PORT: String(httpPort),
        ISOBAR_HTTPS_ADDRESS: '127.0.0.1',
        ISOBAR_HTTPS_PORT: String(https),
        ISOBAR_XDS_TLS_CA: `${certs}/ca.crt`,
        ISOBAR_XDS_TLS_CERT: `${certs}/tls.crt`,
        ISOBAR_XDS_TLS_KEY: `${certs}/tls.key`,
        ISOBAR_LEADER_RETRY_PERIOD: '1',
        ISOBAR_LEASE_DURATION: '4',
        ISOBAR_RENEW_DEADLINE: '3',
      },
    });
    isobar.stdout!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
    isobar.stderr!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
    isobarExit = new Promise((resolve) => isobar.once('exit', (code) => resolve(code)));

    // Envoy: the container's args, minus -c (startEnvoy passes the bootstrap itself).
    const envoyArgs = await volumes.argsOf(envoyContainer, env);
    const c = envoyArgs.indexOf('-c');
    const bootstrap = envoyArgs[c + 1]!;
    envoyArgs.splice(c, 2);
    envoy = await startEnvoy({ bootstrap, waitFor: 'admin', extraArgs: envoyArgs.filter((a) => a !== '--log-level' && a !== 'info') });

    echo = await startEchoBackend('deployed-echo');
    await apply(cluster, [
      namespace('shop'),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { type: 'ExternalName', externalName: 'localhost', ports: [{ name: 'http', port: echo.port }] } },
    ]);
    await apply(cluster, [ingress('shop', 'site', 'shop.example.com', 'web', { port: echo.port, className: 'isobar' }), ingressRoute('shop', 'route', 'route.example.com', 'web', echo.port)]);
  });

  after(async () => {
    isobar?.kill('SIGKILL');
    await envoy?.stop();
    await echo?.close();
    await cluster?.stop();
    await dir?.remove();
  });

  it('Envoy, bootstrapped by the init container, gets its config over mTLS and routes an Ingress and an IngressRoute', async () => {
    for (const host of ['shop.example.com', 'route.example.com']) {
      await eventually(
        async () => {
          const res = await request({ port: httpPort, host, path: '/', timeoutMs: 2000 });
          assert.equal(res.headers['x-echo-backend'], echo.name, `${host}: ${res.status}`);
        },
        { timeoutMs: 30_000, intervalMs: 200 },
      ).catch((err: Error) => {
        throw new Error(`${err.message}\n--- isobar ---\n${output.slice(-4000)}\n${envoy.describe()}`);
      });
    }
    assert.equal((await request({ port: adminPort, path: '/readyz' })).status, 200);
  });

  it('Envoy’s stats listener, opened by the init container’s flags, serves /stats/prometheus for the isobar-envoy-metrics Service', async () => {
    const res = await request({ port: statsPort, path: '/stats/prometheus' });
    assert.equal(res.status, 200, res.body.slice(0, 300));
    assert.match(res.body, /^# TYPE envoy_\w+ (counter|gauge|histogram)$/m);
    assert.match(res.body, /^envoy_server_live(\{[^}]*\})? 1$/m);
  });

  it('the leader writes IngressRoute status and the envoy Service’s address into Ingress status', async () => {
    const envoySvc = await get<{ spec: { clusterIP: string } }>(cluster, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'envoy', namespace: NS } });
    await eventually(async () => {
      const route = await get<{ status?: { currentStatus?: string } }>(cluster, { apiVersion: 'contour.heptio.com/v1beta1', kind: 'IngressRoute', metadata: { name: 'route', namespace: 'shop' } });
      assert.equal(route.status?.currentStatus, 'valid');
      const ing = await get<{ status?: { loadBalancer?: { ingress?: Array<{ ip?: string }> } } }>(cluster, { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'site', namespace: 'shop' } });
      assert.deepEqual(ing.status?.loadBalancer?.ingress?.map((e) => e.ip), [envoySvc.spec.clusterIP]);
    }, { timeoutMs: 20_000 });
    const lease = await get<{ spec: { holderIdentity?: string } }>(cluster, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'isobar-leader', namespace: NS } });
    assert.equal(lease.spec.holderIdentity, POD);
  });

  it('SIGTERM: isobar exits 0 and releases the Lease', async () => {
    isobar.kill('SIGTERM');
    assert.equal(await isobarExit, 0, output.slice(-3000));
    const lease = await get<{ spec: { holderIdentity?: string } }>(cluster, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'isobar-leader', namespace: NS } });
    assert.ok(!lease.spec.holderIdentity, `released, holder now ${JSON.stringify(lease.spec.holderIdentity)}`);
  });
});

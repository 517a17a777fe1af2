import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient } from '../../../plugins/source-k8s/kube-client.js';
import { freePorts } from '../../e2e/harness/ports.js';
import { createTempDir, type TempDir } from '../../e2e/harness/temp-dir.js';
import { ManagedProcess } from '../../e2e/harness/managed-process.js';
import { kubeTool } from './kube-tools.js';
import { ResourceMapper } from './resource-mapper.js';

export interface KubeClusterOptions {
  /** kube-apiserver's watch cache; off sends watches to etcd, where compaction makes old resourceVersions 410 Gone. */
  watchCache?: boolean;
  /** How often kube-apiserver compacts etcd (default 5 min, as upstream). */
  compactionInterval?: string;
}

/** Where objects are applied: an API server's admin client and its discovery. */
export interface KubeTarget {
  readonly admin: KubeClient;
  readonly mapper: ResourceMapper;
}

/** A second kube-apiserver on the same etcd (writes while the first one is down). */
export interface ExtraApiServer extends KubeTarget {
  stop(): Promise<void>;
}

export interface KubeCluster extends KubeTarget {
  readonly server: string;
  /** The CA that signed kube-apiserver's serving certificate (PEM). */
  readonly caPem: string;
  /** A client with cluster-admin rights (token of a system:masters user). */
  readonly admin: KubeClient;
  readonly mapper: ResourceMapper;
  /** A KubeConfig for `token` (default the admin token). */
  kubeConfig(token?: string): KubeConfig;
  /** A kubeconfig file for `token` (default admin), written to the cluster's temp dir. */
  kubeConfigFile(name: string, token?: string): Promise<string>;
  /** A real service-account token (TokenRequest API), so RBAC is checked as for a pod. */
  serviceAccountToken(namespace: string, name: string): Promise<string>;
  /** Stops kube-apiserver (all watches drop) and starts it again on the same port and etcd. */
  restartApiServer(): Promise<void>;
  stopApiServer(): Promise<void>;
  startApiServer(): Promise<void>;
  startExtraApiServer(options?: KubeClusterOptions): Promise<ExtraApiServer>;
  stop(): Promise<void>;
}

const KEEP_DIR = process.env.ISOBAR_KEEP_KUBE === '1';

/** etcd and kube-apiserver as child processes on free 127.0.0.1 ports, in a temp dir. */
export async function startKubeCluster(options: KubeClusterOptions = {}): Promise<KubeCluster> {
  const dir = await createTempDir('isobar-kube-');
  const [etcdClient, etcdPeer, apiPort] = await freePorts(3);
  const etcd = await startEtcd(dir, etcdClient!, etcdPeer!);
  const adminToken = randomBytes(24).toString('hex');
  await dir.write('tokens.csv', `${adminToken},isobar-test-admin,admin-uid,"system:masters"\n`);
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  await dir.write('sa.key', privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  await dir.write('sa.pub', publicKey.export({ type: 'spki', format: 'pem' }) as string);
  const server = `https://127.0.0.1:${apiPort}`;
  const args = apiServerArgs(dir, 'pki', etcdClient!, apiPort!, options);
  let apiserver: ManagedProcess | undefined;
  let caPem = '';
  const kubeConfig = (token = adminToken) => clientConfig(server, caPem, token);
  const startApiServer = async () => {
    apiserver = ManagedProcess.spawn('kube-apiserver', kubeTool('kube-apiserver'), args);
    caPem = await waitForApiServer(apiserver, dir, 'pki', server, adminToken);
  };
  const extras: ExtraApiServer[] = [];
  const stopApiServer = async () => {
    // Graceful shutdown waits for every open watch; tests want the dropped-connection case anyway.
    await apiserver?.stop(2000);
  };
  try {
    await startApiServer();
  } catch (err) {
    await apiserver?.stop(2000);
    await etcd.stop(2000);
    if (!KEEP_DIR) await dir.remove();
    throw err;
  }
  const admin = new KubeClient(kubeConfig());
  const cluster: KubeCluster = {
    server,
    get caPem() {
      return caPem;
    },
    admin,
    mapper: new ResourceMapper(admin),
    kubeConfig,
    async kubeConfigFile(name, token = adminToken) {
      return dir.write(`${name}.kubeconfig`, kubeConfig(token).exportConfig());
    },
    async serviceAccountToken(namespace, name) {
      const res = await admin.request<{ status: { token: string } }>('POST', `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`, {
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
      });
      return res.body.status.token;
    },
    async restartApiServer() {
      await stopApiServer();
      await startApiServer();
    },
    stopApiServer,
    startApiServer,
    async startExtraApiServer(extraOptions = {}) {
      const [port] = await freePorts(1);
      const pki = `pki-${extras.length + 1}`;
      const proc = ManagedProcess.spawn('kube-apiserver (extra)', kubeTool('kube-apiserver'), apiServerArgs(dir, pki, etcdClient!, port!, { ...options, ...extraOptions }));
      const extraServer = `https://127.0.0.1:${port}`;
      let pem: string;
      try {
        pem = await waitForApiServer(proc, dir, pki, extraServer, adminToken);
      } catch (err) {
        await proc.stop(2000);
        throw err;
      }
      const client = new KubeClient(clientConfig(extraServer, pem, adminToken));
      const extra: ExtraApiServer = {
        admin: client,
        mapper: new ResourceMapper(client),
        async stop() {
          client.close();
          await proc.stop(2000);
        },
      };
      extras.push(extra);
      return extra;
    },
    async stop() {
      for (const e of extras) await e.stop();
      admin.close();
      await stopApiServer();
      await etcd.stop(5000);
      if (!KEEP_DIR) await dir.remove();
    },
  };
  return cluster;
}

function clientConfig(server: string, caPem: string, token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'test', server, caData: Buffer.from(caPem).toString('base64') }],
    users: [{ name: 'user', token }],
    contexts: [{ name: 'test', cluster: 'test', user: 'user' }],
    currentContext: 'test',
  });
  return kc;
}

function apiServerArgs(dir: TempDir, pki: string, etcdPort: number, apiPort: number, options: KubeClusterOptions): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${etcdPort}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${apiPort}`,
    // The built-in "kubernetes" Service would point at this address; it is never dialled here.
    '--advertise-address=10.0.0.1',
    '--endpoint-reconciler-type=none',
    `--cert-dir=${dir.file(pki)}`,
    `--token-auth-file=${dir.file('tokens.csv')}`,
    '--authorization-mode=RBAC',
    `--service-account-key-file=${dir.file('sa.pub')}`,
    `--service-account-signing-key-file=${dir.file('sa.key')}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    '--service-cluster-ip-range=10.96.0.0/16',
    `--watch-cache=${options.watchCache ?? true}`,
    `--etcd-compaction-interval=${options.compactionInterval ?? '5m'}`,
    '--enable-priority-and-fairness=false',
    '--profiling=false',
    '--v=1',
  ];
}

async function startEtcd(dir: TempDir, clientPort: number, peerPort: number): Promise<ManagedProcess> {
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const etcd = ManagedProcess.spawn('etcd', kubeTool('etcd'), [
    `--data-dir=${dir.file('etcd')}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=default=${peer}`,
    '--unsafe-no-fsync',
    '--log-level=warn',
  ]);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (!etcd.isRunning) throw new Error(`etcd exited before it was healthy\n${etcd.describe()}`);
    try {
      const res = await fetch(`${client}/health`);
      if (res.ok) return etcd;
    } catch {
      /* not up yet */
    }
    await sleep(100);
  }
  await etcd.stop(2000);
  throw new Error(`etcd was not healthy within 30 s\n${etcd.describe()}`);
}

/**
 * Until /readyz answers 200; returns the CA of the serving certificate, which kube-apiserver generates
 * into its cert dir (self-signed, for localhost and 127.0.0.1) before it listens.
 */
async function waitForApiServer(proc: ManagedProcess, dir: TempDir, pki: string, server: string, token: string): Promise<string> {
  const deadline = Date.now() + 90_000;
  let last = 'not started';
  while (Date.now() < deadline) {
    if (!proc.isRunning) throw new Error(`kube-apiserver exited before it was ready\n${proc.describe()}`);
    try {
      const pem = await readFile(dir.file(`${pki}/apiserver.crt`), 'utf8');
      const client = new KubeClient(clientConfig(server, pem, token));
      try {
        const res = await client.request<string>('GET', '/readyz', { timeoutMs: 2000 });
        if (res.status === 200) return pem;
        last = `readyz ${res.status}`;
      } finally {
        client.close();
      }
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(200);
  }
  throw new Error(`kube-apiserver not ready within 90 s (last: ${last})\n${proc.describe()}`);
}

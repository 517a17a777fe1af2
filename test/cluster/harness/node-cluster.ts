import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { eventually as retry } from '../../e2e/harness/eventually.js';
import { repoPath } from '../../k8s/harness/kube-tools.js';

const run = promisify(execFile);

/**
 * The single-node cluster that scripts/cluster/up.sh started (kubelet, containerd, kube-proxy, ...):
 * read from its cluster.env, so every test file of one run shares it. `npm run test:cluster` brings it
 * up before the files and down after them; a file run alone needs `bash scripts/cluster/up.sh` first.
 */
export interface NodeCluster {
  readonly kubeconfig: string;
  readonly server: string;
  /** The node's address (on lo): the API server, the kubelet and NodePorts listen here. */
  readonly nodeIp: string;
  readonly podCidr: string;
}

export function nodeCluster(): NodeCluster {
  const dir = process.env.ISOBAR_CLUSTER_DIR ?? '/tmp/isobar-cluster';
  const file = `${dir}/cluster.env`;
  if (!existsSync(file)) throw new Error(`${file} is missing: start the cluster with 'bash scripts/cluster/up.sh' (npm run test:cluster does)`);
  const env = Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { kubeconfig: env.KUBECONFIG!, server: env.ISOBAR_CLUSTER_SERVER!, nodeIp: env.ISOBAR_CLUSTER_NODE_IP!, podCidr: env.ISOBAR_CLUSTER_POD_CIDR! };
}

/** kubectl against the cluster; rejects with its stderr when it fails. */
export async function kubectl(cluster: NodeCluster, args: string[], stdin?: string): Promise<string> {
  const child = spawn(repoPath('.tools/bin/kubectl'), ['--kubeconfig', cluster.kubeconfig, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.end(stdin ?? '');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`kubectl ${args.join(' ')}: exit ${code}: ${err.trim()}`);
  return out;
}

export async function kubectlJson<T>(cluster: NodeCluster, args: string[]): Promise<T> {
  return JSON.parse(await kubectl(cluster, [...args, '-o', 'json'])) as T;
}

/**
 * Polls `check` every 250 ms until it returns a value other than undefined (the e2e harness's
 * `eventually`, for checks that answer "not yet" with undefined); a timeout names `what` or the last error.
 */
export function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  return retry(
    async () => {
      const v = await check();
      if (v === undefined) throw new Error(`timed out waiting for ${what}`);
      return v;
    },
    { timeoutMs, intervalMs: 250 },
  );
}

/** Waits for a Deployment's rollout to finish (kubectl rollout status). */
export async function rolledOut(cluster: NodeCluster, namespace: string, name: string, timeoutS = 180): Promise<void> {
  await kubectl(cluster, ['-n', namespace, 'rollout', 'status', `deployment/${name}`, `--timeout=${timeoutS}s`]);
}

/** The names build-images.sh gives the images that stand in for the shipped ones. */
export const IMAGES = { isobar: 'isobar.local/isobar:dev', envoy: 'isobar.local/envoy:dev', echo: 'isobar.local/echo:dev' } as const;

/** Runs a command on the host, for ip(8) and friends. */
export async function host(cmd: string, args: string[]): Promise<string> {
  return (await run(cmd, args)).stdout;
}

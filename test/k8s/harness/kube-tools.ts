import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root: the nearest directory up from this (compiled) file that holds package.json. */
const ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

const ENV: Record<KubeTool, string> = { 'kube-apiserver': 'KUBE_APISERVER_BIN', etcd: 'ETCD_BIN', helm: 'HELM_BIN' };
export type KubeTool = 'kube-apiserver' | 'etcd' | 'helm';

/**
 * A binary built by scripts/setup-k8s.sh: $KUBE_APISERVER_BIN / $ETCD_BIN / $HELM_BIN, else .tools/bin.
 * Missing is an error, not a skip: CI builds them, and a test that silently skips proves nothing.
 */
export function kubeTool(tool: KubeTool): string {
  const fromEnv = process.env[ENV[tool]];
  if (fromEnv) return fromEnv;
  const file = path.join(ROOT, '.tools', 'bin', tool);
  if (!existsSync(file)) throw new Error(`${tool} not found at ${file} (nor $${ENV[tool]}); run "bash scripts/setup-k8s.sh"`);
  return file;
}

export function repoPath(...parts: string[]): string {
  return path.join(ROOT, ...parts);
}

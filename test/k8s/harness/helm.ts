import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { yamlObjects, type KubeObjectLike } from './kube-objects.js';
import { kubeTool, repoPath } from './kube-tools.js';

const run = promisify(execFile);

/** The chart in this repository. */
export const CHART = repoPath('deploy/helm/isobar');

/** Runs the real helm binary; a non-zero exit rejects with helm's stderr in the message. */
export async function helm(...args: string[]): Promise<string> {
  try {
    const { stdout } = await run(kubeTool('helm'), args, { maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`helm ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`, { cause: err });
  }
}

/** `helm template isobar <chart> --namespace isobar-system`, each `set` passed as --set, parsed into objects. */
export async function helmTemplate(set: string[] = [], extra: string[] = []): Promise<KubeObjectLike[]> {
  return yamlObjects(await helm('template', 'isobar', CHART, '--namespace', 'isobar-system', ...set.flatMap((s) => ['--set', s]), ...extra));
}

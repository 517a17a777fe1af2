import { readdirSync, readFileSync } from 'node:fs';
import { yamlObjects, type KubeObjectLike } from './kube-objects.js';
import { repoPath } from './kube-tools.js';

/** Every object of deploy/manifests, in file-name order (the order `kubectl apply -f` takes them). */
export function manifests(): KubeObjectLike[] {
  const dir = repoPath('deploy/manifests');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => yamlObjects(readFileSync(`${dir}/${f}`, 'utf8')));
}

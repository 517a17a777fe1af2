import { readdirSync, readFileSync } from 'node:fs';
import { yamlObjects, type KubeObjectLike } from './kube-objects.js';
import { repoPath } from './kube-tools.js';

/** The text of every deploy/manifests file, in file-name order (the order `kubectl apply -f` takes them). */
export function manifestTexts(): string[] {
  const dir = repoPath('deploy/manifests');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(`${dir}/${f}`, 'utf8'));
}

/** Every object of deploy/manifests, in file-name order. */
export function manifests(): KubeObjectLike[] {
  return manifestTexts().flatMap((text) => yamlObjects(text));
}

/**
 * The files of the file-count benches (bench:file-scale, bench:files-served): one Ingress per file, one
 * host each, over 50 namespaces, and one Service per namespace for them to resolve; staged before the
 * timing starts and copied in with `cp` (its own process, as a user's copy or untar would be).
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const NAMESPACES = 50;

export const benchHost = (i: number): string => `app-${i}.example.com`;

/** Ingress number `i`; `round` goes into a label, so that rewriting a file changes the object. */
export function ingressFileYaml(i: number, round = 0): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: app-${i}, namespace: team-${i % NAMESPACES}, labels: { round: "${round}" } }
spec:
  rules:
  - host: ${benchHost(i)}
    http:
      paths:
      - { path: /, pathType: Prefix, backend: { service: { name: app, port: { number: 80 } } } }
`;
}

/** Writes `services.yaml` (Service `app` in every namespace) into `dir`. */
export async function writeServicesFile(dir: string): Promise<void> {
  const services = Array.from({ length: NAMESPACES }, (_, n) => `apiVersion: v1\nkind: Service\nmetadata: { name: app, namespace: team-${n} }\nspec: { ports: [{ port: 80 }] }\n`);
  await writeFile(join(dir, 'services.yaml'), services.join('---\n'));
}

/** Writes `files` Ingress files of a round into a new directory `into`, at most `parallel` at a time. */
export async function stageIngressFiles(into: string, files: number, round = 0, parallel = 64): Promise<string> {
  await mkdir(into);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files) {
      const i = next++;
      await writeFile(join(into, `ingress-${i}.yaml`), ingressFileYaml(i, round));
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return into;
}

/** Copies a staged directory's files into `dir` with `cp -r`. */
export async function copyIn(staged: string, dir: string): Promise<void> {
  await promisify(execFile)('cp', ['-r', `${staged}/.`, dir]);
}

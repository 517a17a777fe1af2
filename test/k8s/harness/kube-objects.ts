import { parseAllDocuments } from 'yaml';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeApiError } from '../../../plugins/source-k8s/kube-client.js';
import type { KubeTarget } from './kube-cluster.js';
import type { KubeObjectLike } from './resource-mapper.js';

export type { KubeObjectLike };

/** Every non-empty document of a multi-document YAML text. */
export function yamlObjects(text: string): KubeObjectLike[] {
  return parseAllDocuments(text)
    .map((d) => {
      if (d.errors.length) throw new Error(d.errors[0]!.message);
      return d.toJSON() as KubeObjectLike | null;
    })
    .filter((o): o is KubeObjectLike => o !== null && typeof o === 'object');
}

export interface ApplyOptions {
  /** Server-side dry run: validated and admitted, not stored. */
  dryRun?: boolean;
  fieldManager?: string;
}

/** Server-side apply of each object, in order; the stored objects come back. */
export async function apply(cluster: KubeTarget, objects: KubeObjectLike[], options: ApplyOptions = {}): Promise<KubeObjectLike[]> {
  const out: KubeObjectLike[] = [];
  for (const o of objects) {
    const path = await cluster.mapper.path(o);
    const res = await cluster.admin.request<KubeObjectLike>('PATCH', path, {
      body: JSON.stringify(o),
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: options.fieldManager ?? 'isobar-test', force: true, dryRun: options.dryRun ? 'All' : undefined },
    });
    out.push(res.body);
    if (o.kind === 'CustomResourceDefinition' && !options.dryRun) await waitForCrd(cluster, o.metadata.name);
  }
  return out;
}

export async function remove(cluster: KubeTarget, o: Pick<KubeObjectLike, 'apiVersion' | 'kind' | 'metadata'>): Promise<void> {
  try {
    await cluster.admin.request('DELETE', await cluster.mapper.path(o));
  } catch (err) {
    if (!(err instanceof KubeApiError && err.status === 404)) throw err;
  }
}

export async function get<T = KubeObjectLike>(cluster: KubeTarget, o: Pick<KubeObjectLike, 'apiVersion' | 'kind' | 'metadata'>): Promise<T> {
  return (await cluster.admin.request<T>('GET', await cluster.mapper.path(o))).body;
}

async function waitForCrd(cluster: KubeTarget, name: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const res = await cluster.admin.request<{ status?: { conditions?: Array<{ type: string; status: string }> } }>(
      'GET',
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
    );
    if (res.body.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) {
      cluster.mapper.reset();
      return;
    }
    await sleep(100);
  }
  throw new Error(`CRD ${name} not established within 30 s`);
}

export function namespace(name: string): KubeObjectLike {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

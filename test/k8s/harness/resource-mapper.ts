import type { KubeClient } from '../../../plugins/source-k8s/kube-client.js';
import { collectionPath } from '../../../plugins/source-k8s/resources.js';

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

export interface KubeObjectLike {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
}

/** Finds an object's REST path through the API server's discovery (so CRDs work once established). */
export class ResourceMapper {
  private readonly cache = new Map<string, ApiResource[]>();

  constructor(private readonly client: KubeClient) {}

  /** `/api/v1/namespaces/ns/services/name` style path; without `name`, the collection. */
  async path(o: Pick<KubeObjectLike, 'apiVersion' | 'kind'> & { metadata: { name?: string; namespace?: string } }, options: { withName?: boolean } = {}): Promise<string> {
    const resource = await this.resource(o.apiVersion, o.kind);
    const collection = collectionPath({ apiVersion: o.apiVersion, plural: resource.name, namespaced: resource.namespaced }, o.metadata.namespace ?? 'default');
    return options.withName === false || !o.metadata.name ? collection : `${collection}/${o.metadata.name}`;
  }

  /** Forgets discovery (after CRDs were added). */
  reset(): void {
    this.cache.clear();
  }

  private async resource(apiVersion: string, kind: string): Promise<ApiResource> {
    for (let attempt = 0; attempt < 2; attempt++) {
      let list = this.cache.get(apiVersion);
      if (!list) {
        const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
        try {
          const res = await this.client.request<{ resources: ApiResource[] }>('GET', base);
          list = res.body.resources.filter((r) => !r.name.includes('/'));
        } catch {
          list = [];
        }
        this.cache.set(apiVersion, list);
      }
      const found = list.find((r) => r.kind === kind);
      if (found) return found;
      this.cache.delete(apiVersion);
    }
    throw new Error(`the API server does not serve ${kind} in ${apiVersion}`);
  }
}

import { watchedVersion, type Kind } from '../../core/index.js';

/** One kind isobar watches, and where the API serves it. */
export interface WatchedResource {
  kind: string;
  apiVersion: string;
  /** Plural resource name in the URL. */
  plural: string;
  namespaced: boolean;
  /** Narrows the list on the server (e.g. only TLS Secrets). */
  fieldSelector?: string;
  /** A custom resource: a 404 means its CRD is not installed, which is reported, not waited for. */
  custom?: boolean;
}

/** Where the API serves a registered kind, in the version isobar watches. */
export function watchedResource(kind: Kind): WatchedResource {
  const r: WatchedResource = { kind: kind.kind, apiVersion: watchedVersion(kind), plural: kind.plural, namespaced: kind.namespaced };
  if (kind.fieldSelector) r.fieldSelector = kind.fieldSelector;
  if (kind.custom) r.custom = true;
  return r;
}

/** The collection path, cluster-wide when `namespace` is undefined. */
export function collectionPath(r: Pick<WatchedResource, 'apiVersion' | 'plural' | 'namespaced'>, namespace?: string): string {
  const base = r.apiVersion.includes('/') ? `/apis/${r.apiVersion}` : `/api/${r.apiVersion}`;
  return r.namespaced && namespace ? `${base}/namespaces/${namespace}/${r.plural}` : `${base}/${r.plural}`;
}

export function objectPath(r: Pick<WatchedResource, 'apiVersion' | 'plural' | 'namespaced'>, namespace: string, name: string, sub?: string): string {
  return `${collectionPath(r, r.namespaced ? namespace : undefined)}/${name}${sub ? `/${sub}` : ''}`;
}

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

export const WATCHED: readonly WatchedResource[] = [
  { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', plural: 'ingresses', namespaced: true },
  { kind: 'IngressClass', apiVersion: 'networking.k8s.io/v1', plural: 'ingressclasses', namespaced: false },
  { kind: 'Service', apiVersion: 'v1', plural: 'services', namespaced: true },
  { kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1', plural: 'endpointslices', namespaced: true },
  // Only TLS Secrets can serve as certificates; other Secrets never reach isobar's memory.
  { kind: 'Secret', apiVersion: 'v1', plural: 'secrets', namespaced: true, fieldSelector: 'type=kubernetes.io/tls' },
  { kind: 'IngressRoute', apiVersion: 'contour.heptio.com/v1beta1', plural: 'ingressroutes', namespaced: true, custom: true },
];

/** The collection path, cluster-wide when `namespace` is undefined. */
export function collectionPath(r: Pick<WatchedResource, 'apiVersion' | 'plural' | 'namespaced'>, namespace?: string): string {
  const base = r.apiVersion.includes('/') ? `/apis/${r.apiVersion}` : `/api/${r.apiVersion}`;
  return r.namespaced && namespace ? `${base}/namespaces/${namespace}/${r.plural}` : `${base}/${r.plural}`;
}

export function objectPath(r: Pick<WatchedResource, 'apiVersion' | 'plural' | 'namespaced'>, namespace: string, name: string, sub?: string): string {
  return `${collectionPath(r, r.namespaced ? namespace : undefined)}/${name}${sub ? `/${sub}` : ''}`;
}

export function watchedResource(kind: string): WatchedResource {
  const r = WATCHED.find((w) => w.kind === kind);
  if (!r) throw new Error(`not a watched kind: ${kind}`);
  return r;
}

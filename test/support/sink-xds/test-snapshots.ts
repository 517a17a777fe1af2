/** Test support: small but real Envoy snapshots, and decoding responses back to names. */
import { buildSnapshot, envoy, packAny, TypeUrl, type NamedResource, type Snapshot } from '../../../core/index.js';

export type TypeKey = 'cds' | 'eds' | 'sds' | 'lds' | 'rds';

/** A resource by name; `tag` changes its content (and so its version); explicitOnly as in the snapshot. */
export type ResourceSpec = string | { name: string; tag?: string; explicitOnly?: boolean };
export type SnapshotSpec = Partial<Record<TypeKey, ResourceSpec[]>>;

export const TYPE_URL: Record<TypeKey, TypeUrl> = {
  cds: TypeUrl.Cluster,
  eds: TypeUrl.ClusterLoadAssignment,
  sds: TypeUrl.Secret,
  lds: TypeUrl.Listener,
  rds: TypeUrl.RouteConfiguration,
};

const typeName = (url: TypeUrl): string => url.slice('type.googleapis.com/'.length);

function pack(key: TypeKey, name: string, tag: string): envoy.Any {
  const url = TYPE_URL[key];
  switch (key) {
    case 'cds':
      return packAny(typeName(url), envoy.Cluster, envoy.Cluster.fromPartial({ name, altStatName: tag }));
    case 'eds':
      return packAny(
        typeName(url),
        envoy.ClusterLoadAssignment,
        envoy.ClusterLoadAssignment.fromPartial({ clusterName: name, endpoints: [{ locality: { region: tag } }] }),
      );
    case 'sds':
      return packAny(typeName(url), envoy.Secret, envoy.Secret.fromPartial({ name, genericSecret: { secret: { inlineString: tag } } }));
    case 'lds':
      return packAny(typeName(url), envoy.Listener, envoy.Listener.fromPartial({ name, statPrefix: tag }));
    case 'rds':
      return packAny(
        typeName(url),
        envoy.RouteConfiguration,
        envoy.RouteConfiguration.fromPartial({ name, virtualHosts: [{ name: tag, domains: ['*'] }] }),
      );
  }
}

export function snapshotOf(spec: SnapshotSpec): Snapshot {
  const byType = new Map<TypeUrl, NamedResource[]>();
  for (const [key, list] of Object.entries(spec) as [TypeKey, ResourceSpec[]][]) {
    byType.set(
      TYPE_URL[key],
      list.map((r) => {
        const { name, tag = 'v1', explicitOnly } = typeof r === 'string' ? { name: r } : r;
        const named: NamedResource = { name, resource: pack(key, name, tag) };
        if (explicitOnly) named.explicitOnly = true;
        return named;
      }),
    );
  }
  return buildSnapshot(byType);
}

/** The names of the resources in a response, decoded from the bytes actually received. */
export function namesIn(response: envoy.DiscoveryResponse): string[] {
  return response.resources.map((any) => {
    switch (any.typeUrl) {
      case TypeUrl.Cluster:
        return envoy.Cluster.decode(any.value).name;
      case TypeUrl.ClusterLoadAssignment:
        return envoy.ClusterLoadAssignment.decode(any.value).clusterName;
      case TypeUrl.Secret:
        return envoy.Secret.decode(any.value).name;
      case TypeUrl.Listener:
        return envoy.Listener.decode(any.value).name;
      case TypeUrl.RouteConfiguration:
        return envoy.RouteConfiguration.decode(any.value).name;
      default:
        throw new Error(`unexpected resource type ${any.typeUrl}`);
    }
  });
}

/** The short name of an xDS type (CDS, EDS, SDS, LDS, RDS), for logs and assertions. */
const LABEL: Record<string, string> = {
  [TypeUrl.Cluster]: 'CDS',
  [TypeUrl.ClusterLoadAssignment]: 'EDS',
  [TypeUrl.Secret]: 'SDS',
  [TypeUrl.Listener]: 'LDS',
  [TypeUrl.RouteConfiguration]: 'RDS',
};
export const label = (typeUrl: string): string => LABEL[typeUrl] ?? typeUrl;

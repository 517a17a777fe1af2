import type { Any } from '../generated/google/protobuf/any.js';

export const TypeUrl = {
  Listener: 'type.googleapis.com/envoy.config.listener.v3.Listener',
  RouteConfiguration: 'type.googleapis.com/envoy.config.route.v3.RouteConfiguration',
  Cluster: 'type.googleapis.com/envoy.config.cluster.v3.Cluster',
  ClusterLoadAssignment: 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment',
  Secret: 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret',
} as const;
export type TypeUrl = (typeof TypeUrl)[keyof typeof TypeUrl];

/** The order in which a change is handed to Envoy: what is referred to before what refers to it. */
export const PUBLISH_ORDER: readonly TypeUrl[] = [
  TypeUrl.Cluster,
  TypeUrl.ClusterLoadAssignment,
  TypeUrl.Secret,
  TypeUrl.Listener,
  TypeUrl.RouteConfiguration,
];

export interface SnapshotResource {
  name: string;
  /** Hash of the encoded bytes: equal versions mean byte-identical resources. */
  version: string;
  resource: Any;
  /**
   * Sent only to clients that ask for this name, never to wildcard subscribers (e.g. gRPC API listeners,
   * which Envoy itself must not receive).
   */
  explicitOnly?: boolean;
}

export interface ResourceSet {
  /** Hash over names and versions of every resource in the set. */
  version: string;
  items: ReadonlyMap<string, SnapshotResource>;
}

/** One consistent, immutable view of everything served. */
export interface Snapshot {
  /** Hash over all sets; also the version reported on the status endpoint. */
  version: string;
  createdAt: Date;
  resources: ReadonlyMap<TypeUrl, ResourceSet>;
}

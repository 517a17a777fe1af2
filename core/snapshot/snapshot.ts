import type { Any } from '../generated/google/protobuf/any.js';
import type { FleetIndex } from './fleet-index.js';

// Part of core's public API through this module (core/index.ts exports it whole). Neither imports any
// value from here, so there is no import cycle at run time.
export { DEFAULT_FLEET, FLEET_METADATA_KEY } from './fleet.js';
export { fleetView } from './fleet-view.js';

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
  /**
   * Which fleet needs which resources (see fleetView); absent when no listener names a fleet, the
   * common case, where every Envoy gets the whole snapshot.
   */
  fleets?: FleetIndex;
  /** Set on a fleet's view (fleetView): the fleet it is for. A full snapshot has none. */
  fleet?: string;
}

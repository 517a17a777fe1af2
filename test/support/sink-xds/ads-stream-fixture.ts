/** Test support: an AdsStream without gRPC; requests go in, responses are collected. */
import { buildSnapshot, envoy, Metrics, packAny, TypeUrl, type NamedResource, type Snapshot } from '../../../core/index.js';
import { AdsStream } from '../../../plugins/sink-xds/ads-stream.js';
import { ClientRegistry } from '../../../plugins/sink-xds/client-registry.js';
import { label, namesIn } from './test-snapshots.js';
import { XdsMetrics } from '../../../plugins/sink-xds/xds-metrics.js';
import { capturingLogger, type LogLine } from './xds-test-harness.js';

export function streamFixture(nodeId = 'n1') {
  const sent: envoy.DiscoveryResponse[] = [];
  const logs: LogLine[] = [];
  const registry = new ClientRegistry();
  const metrics = new Metrics();
  let latest: Snapshot | undefined;
  const stream = new AdsStream({
    id: 7,
    snapshots: { latest: () => latest },
    registry,
    logger: capturingLogger(logs),
    send: (r) => sent.push(r),
    metrics: new XdsMetrics(metrics, () => registry.connectedNodes),
  });
  let first = true;
  const request = (typeUrl: string, names: string[], nonce = '', error?: string) => {
    stream.onRequest(
      envoy.DiscoveryRequest.fromPartial({
        typeUrl,
        resourceNames: names,
        responseNonce: nonce,
        ...(first ? { node: { id: nodeId } } : {}),
        ...(error ? { errorDetail: { message: error } } : {}),
      }),
    );
    first = false;
  };
  const publish = (s: Snapshot) => {
    latest = s;
    stream.onSnapshot(s);
  };
  /** The last response of a type. */
  const last = (typeUrl: string) => [...sent].reverse().find((r) => r.typeUrl === typeUrl)!;
  /** ACKs the last response of a type as Envoy does: wildcard types with no names, others with `names`. */
  const ack = (typeUrl: string, names: string[] = []) => request(typeUrl, names, last(typeUrl).nonce);
  /** Responses since `from`, as "TYPE:name,name". */
  const since = (from: number) => sent.slice(from).map((r) => `${label(r.typeUrl)}:${namesIn(r).join(',')}`);
  return { stream, sent, logs, registry, metrics, request, publish, last, ack, since };
}


const short = (url: TypeUrl) => url.slice('type.googleapis.com/'.length);

/**
 * A snapshot shaped like isobar's: EDS clusters (each with its ClusterLoadAssignment of the same name),
 * one listener and one route configuration. `tag` values change content.
 */
export function edsSnapshot(spec: { clusters: Record<string, string>; endpoints?: Record<string, string>; routes?: string }): Snapshot {
  const clusters: NamedResource[] = Object.entries(spec.clusters).map(([name, tag]) => ({
    name,
    resource: packAny(
      short(TypeUrl.Cluster),
      envoy.Cluster,
      envoy.Cluster.fromPartial({ name, altStatName: tag, type: envoy.Cluster_DiscoveryType.EDS, edsClusterConfig: { serviceName: name } }),
    ),
  }));
  const endpoints = spec.endpoints ?? Object.fromEntries(Object.keys(spec.clusters).map((n) => [n, 'v1']));
  const cla: NamedResource[] = Object.entries(endpoints).map(([name, tag]) => ({
    name,
    resource: packAny(
      short(TypeUrl.ClusterLoadAssignment),
      envoy.ClusterLoadAssignment,
      envoy.ClusterLoadAssignment.fromPartial({ clusterName: name, endpoints: [{ locality: { region: tag } }] }),
    ),
  }));
  const listener = packAny(short(TypeUrl.Listener), envoy.Listener, envoy.Listener.fromPartial({ name: 'http', statPrefix: 'http' }));
  const routes = packAny(
    short(TypeUrl.RouteConfiguration),
    envoy.RouteConfiguration,
    envoy.RouteConfiguration.fromPartial({ name: 'http', virtualHosts: [{ name: spec.routes ?? 'v1', domains: ['*'] }] }),
  );
  return buildSnapshot(
    new Map<TypeUrl, NamedResource[]>([
      [TypeUrl.Cluster, clusters],
      [TypeUrl.ClusterLoadAssignment, cla],
      [TypeUrl.Listener, [{ name: 'http', resource: listener }]],
      [TypeUrl.RouteConfiguration, [{ name: 'http', resource: routes }]],
    ]),
  );
}

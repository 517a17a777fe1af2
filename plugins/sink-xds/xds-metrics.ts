import { TypeUrl, type Counter, type Gauge, type Metrics } from '../../core/index.js';

/**
 * Resource types as the metrics name them: plain words, so that queries and dashboards read the same
 * whether a client uses ADS, per-type streams or delta xDS.
 */
const METRIC_TYPES: ReadonlyMap<string, string> = new Map<string, string>([
  [TypeUrl.Listener, 'listener'],
  [TypeUrl.RouteConfiguration, 'route'],
  [TypeUrl.Cluster, 'cluster'],
  [TypeUrl.ClusterLoadAssignment, 'endpoint'],
  [TypeUrl.Secret, 'secret'],
]);
const EVERY_TYPE = [...METRIC_TYPES.values()].map((type) => ({ type }));

/** A type isobar does not serve never reaches a response; if it did, its URL is the honest label. */
export function metricType(typeUrl: string): string {
  return METRIC_TYPES.get(typeUrl) ?? typeUrl;
}

/**
 * The xDS server's Prometheus series, in core's registry (served on the admin /metrics). Per resource
 * type, so that a NACK loop or an unexpectedly chatty type stands out; every type starts at 0.
 */
export class XdsMetrics {
  protected streams = 0;
  private readonly streamGauge: Gauge;
  private readonly pushes: Counter<'type'>;
  private readonly resources: Counter<'type'>;
  private readonly bytes: Counter<'type'>;
  private readonly nacks: Counter<'type'>;

  /** `clients`: how many distinct nodes have a stream open, read on each scrape. */
  constructor(metrics: Metrics, clients: () => number) {
    this.streamGauge = metrics.gauge({ name: 'isobar_xds_streams', help: 'xDS streams currently open.' });
    metrics.gauge({ name: 'isobar_xds_connected_clients', help: 'Distinct xDS clients (node ids) with at least one stream open.', collect: (g) => g.set(clients()) });
    this.pushes = metrics.counter({ name: 'isobar_xds_pushes_total', help: 'xDS responses sent, by resource type.', labelNames: ['type'], initial: EVERY_TYPE });
    this.resources = metrics.counter({ name: 'isobar_xds_resources_sent_total', help: 'Resources carried by xDS responses, by resource type.', labelNames: ['type'], initial: EVERY_TYPE });
    this.bytes = metrics.counter({ name: 'isobar_xds_bytes_sent_total', help: 'Encoded bytes of the resources carried by xDS responses, by resource type.', labelNames: ['type'], initial: EVERY_TYPE });
    this.nacks = metrics.counter({ name: 'isobar_xds_nacks_total', help: 'xDS responses rejected by clients (NACK), by resource type.', labelNames: ['type'], initial: EVERY_TYPE });
  }

  streamOpened(): void {
    this.streamGauge.set(++this.streams);
  }

  streamClosed(): void {
    this.streams = Math.max(0, this.streams - 1);
    this.streamGauge.set(this.streams);
  }

  /** One DiscoveryResponse: `resources` resources whose encoded payloads total `bytes`. */
  response(typeUrl: string, resources: number, bytes: number): void {
    const type = metricType(typeUrl);
    this.pushes.inc({ type });
    this.resources.inc({ type }, resources);
    this.bytes.inc({ type }, bytes);
  }

  nack(typeUrl: string): void {
    this.nacks.inc({ type: metricType(typeUrl) });
  }
}

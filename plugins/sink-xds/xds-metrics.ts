import type { Metrics } from '../../core/index.js';
import { typeLabel } from './xds-types.js';

/**
 * The xDS server's Prometheus series, written into core's registry (served on the admin /metrics).
 * Labelled by short type name (CDS, EDS, …) so that a NACK loop or an unexpectedly chatty type stands out.
 */
export class XdsMetrics {
  protected streams = 0;

  constructor(protected readonly metrics: Metrics) {
    this.metrics.gauge('isobar_xds_streams', 'xDS streams currently open.', 0);
  }

  streamOpened(): void {
    this.metrics.gauge('isobar_xds_streams', 'xDS streams currently open.', ++this.streams);
  }

  streamClosed(): void {
    this.streams = Math.max(0, this.streams - 1);
    this.metrics.gauge('isobar_xds_streams', 'xDS streams currently open.', this.streams);
  }

  /** One DiscoveryResponse: `resources` resources whose encoded payloads total `bytes`. */
  response(typeUrl: string, resources: number, bytes: number): void {
    const type = typeLabel(typeUrl);
    this.metrics.counter('isobar_xds_responses_total', 'xDS responses sent, by type.', { type });
    this.metrics.counter('isobar_xds_resources_sent_total', 'Resources carried by xDS responses, by type.', { type }, resources);
    this.metrics.counter('isobar_xds_bytes_sent_total', 'Encoded bytes of the resources carried by xDS responses, by type.', { type }, bytes);
  }

  nack(typeUrl: string): void {
    this.metrics.counter('isobar_xds_nacks_total', 'xDS responses rejected by clients (NACK), by type.', { type: typeLabel(typeUrl) });
  }
}

/** Test support: a raw grpc-js incremental (delta) xDS client, ADS or one per-type service. */
import { envoy } from '../../../core/index.js';
import { TestStreamClient } from './test-stream-client.js';

export interface DeltaRequestOptions {
  subscribe?: string[];
  unsubscribe?: string[];
  initialVersions?: Record<string, string>;
  nonce?: string;
  error?: string;
}

export class DeltaTestClient extends TestStreamClient<envoy.DeltaDiscoveryRequest, envoy.DeltaDiscoveryResponse> {
  protected sentNode = false;

  /** Delta ADS by default; e.g. (envoy.ClusterDiscoveryServiceService, 'deltaClusters') for a per-type stream. */
  constructor(port: number, nodeId: string, service: object = envoy.AggregatedDiscoveryServiceService, method = 'deltaAggregatedResources') {
    super(port, nodeId, service as never, method, (r) => `${r.typeUrl}@${r.systemVersionInfo} +[${r.resources.map((x) => x.name)}] -[${r.removedResources}]`);
  }

  /** Like Envoy, sends the node on the first message of the stream only. */
  request(typeUrl: string, o: DeltaRequestOptions = {}): void {
    this.write(
      envoy.DeltaDiscoveryRequest.fromPartial({
        typeUrl,
        resourceNamesSubscribe: o.subscribe ?? [],
        resourceNamesUnsubscribe: o.unsubscribe ?? [],
        initialResourceVersions: o.initialVersions ?? {},
        responseNonce: o.nonce ?? '',
        ...(this.sentNode ? {} : { node: this.node() }),
        ...(o.error === undefined ? {} : { errorDetail: { code: 3, message: o.error } }),
      }),
    );
    this.sentNode = true;
  }

  ack(response: envoy.DeltaDiscoveryResponse): void {
    this.request(response.typeUrl, { nonce: response.nonce });
  }

  nack(response: envoy.DeltaDiscoveryResponse, message: string): void {
    this.request(response.typeUrl, { nonce: response.nonce, error: message });
  }
}

/** Names and versions a delta response carries, and the names it removes. */
export function deltaSummary(r: envoy.DeltaDiscoveryResponse): { updated: string[]; removed: string[] } {
  return { updated: r.resources.map((x) => x.name), removed: [...r.removedResources] };
}

/** Test support: a raw grpc-js state-of-the-world client (ADS, or one per-type service) that lets tests ACK/NACK. */
import { envoy } from '../../../core/index.js';
import { TestStreamClient } from './test-stream-client.js';

export interface RequestOptions {
  nonce?: string;
  version?: string;
  error?: string;
}

export class AdsTestClient extends TestStreamClient<envoy.DiscoveryRequest, envoy.DiscoveryResponse> {
  protected sentNode = false;

  /** ADS by default; e.g. (envoy.ClusterDiscoveryServiceService, 'streamClusters') for a per-type stream. */
  constructor(port: number, nodeId: string, service: object = envoy.AggregatedDiscoveryServiceService, method = 'streamAggregatedResources') {
    super(port, nodeId, service as never, method, (r) => `${r.typeUrl}@${r.versionInfo}`);
  }

  /** Like Envoy, sends the node on the first message of the stream only. */
  request(typeUrl: string, names: string[] = [], o: RequestOptions = {}): void {
    const req = envoy.DiscoveryRequest.fromPartial({
      typeUrl,
      resourceNames: names,
      responseNonce: o.nonce ?? '',
      versionInfo: o.version ?? '',
      ...(this.sentNode ? {} : { node: this.node() }),
      ...(o.error === undefined ? {} : { errorDetail: { code: 3, message: o.error } }),
    });
    this.sentNode = true;
    this.write(req);
  }

  ack(response: envoy.DiscoveryResponse, names: string[] = []): void {
    this.request(response.typeUrl, names, { nonce: response.nonce, version: response.versionInfo });
  }

  nack(response: envoy.DiscoveryResponse, names: string[], message: string, appliedVersion = ''): void {
    this.request(response.typeUrl, names, { nonce: response.nonce, version: appliedVersion, error: message });
  }
}

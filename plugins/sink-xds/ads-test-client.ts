/** Test support: a raw grpc-js ADS client that records every response and lets tests ACK/NACK them. */
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { envoy } from '../../core/index.js';

const AdsClient = grpc.makeClientConstructor(envoy.AggregatedDiscoveryServiceService, 'AggregatedDiscoveryService');

type Call = grpc.ClientDuplexStream<envoy.DiscoveryRequest, envoy.DiscoveryResponse>;

export interface RequestOptions {
  nonce?: string;
  version?: string;
  error?: string;
}

export class AdsTestClient {
  readonly received: envoy.DiscoveryResponse[] = [];
  /** Resolves with the call's final status (server ended it, or it was cancelled). */
  readonly finished: Promise<grpc.StatusObject>;
  protected readonly client: grpc.Client;
  protected readonly call: Call;
  protected cursor = 0;
  protected sentNode = false;
  protected wake: (() => void) | undefined;

  constructor(
    port: number,
    readonly nodeId: string,
  ) {
    this.client = new AdsClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const method = (this.client as unknown as { streamAggregatedResources(): Call }).streamAggregatedResources;
    this.call = method.call(this.client);
    this.call.on('data', (r: envoy.DiscoveryResponse) => {
      this.received.push(r);
      this.wake?.();
    });
    this.call.on('error', () => {}); // reported through 'status'
    this.finished = new Promise((resolve) => this.call.on('status', resolve));
  }

  /** Like Envoy, sends the node on the first message of the stream only. */
  request(typeUrl: string, names: string[] = [], o: RequestOptions = {}): void {
    const req = envoy.DiscoveryRequest.fromPartial({
      typeUrl,
      resourceNames: names,
      responseNonce: o.nonce ?? '',
      versionInfo: o.version ?? '',
      ...(this.sentNode ? {} : { node: { id: this.nodeId, cluster: 'test' } }),
      ...(o.error === undefined ? {} : { errorDetail: { code: 3, message: o.error } }),
    });
    this.sentNode = true;
    this.call.write(req);
  }

  ack(response: envoy.DiscoveryResponse, names: string[] = []): void {
    this.request(response.typeUrl, names, { nonce: response.nonce, version: response.versionInfo });
  }

  nack(response: envoy.DiscoveryResponse, names: string[], message: string, appliedVersion = ''): void {
    this.request(response.typeUrl, names, { nonce: response.nonce, version: appliedVersion, error: message });
  }

  /** The next response not yet consumed by a test. */
  async next(timeoutMs = 3000): Promise<envoy.DiscoveryResponse> {
    const deadline = Date.now() + timeoutMs;
    while (this.cursor >= this.received.length) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.nodeId}: no response within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    return this.received[this.cursor++]!;
  }

  /** Asserts that nothing new arrives within `ms`. */
  async nothing(ms = 250): Promise<void> {
    await new Promise((r) => setTimeout(r, ms));
    const extra = this.received.slice(this.cursor).map((r) => `${r.typeUrl}@${r.versionInfo}`);
    assert.deepEqual(extra, [], `${this.nodeId}: unexpected responses`);
  }

  close(): void {
    this.call.end();
    this.client.close();
  }

  /** Cancels the call as a crashing client would (no half-close). */
  cancel(): void {
    this.call.cancel();
    this.client.close();
  }
}

/** Test support: the part of a raw grpc-js xDS client that does not depend on the protocol variant. */
import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import { FLEET_METADATA_KEY } from '../../../core/index.js';

export type ClientCall<Req, Res> = grpc.ClientDuplexStream<Req, Res>;

/** Opens `method` of `service` on 127.0.0.1:port; records every response for tests to consume in order. */
export class TestStreamClient<Req, Res> {
  readonly received: Res[] = [];
  /** Resolves with the call's final status (server ended it, or it was cancelled). */
  readonly finished: Promise<grpc.StatusObject>;
  protected readonly client: grpc.Client;
  protected readonly call: ClientCall<Req, Res>;
  protected cursor = 0;
  protected wake: (() => void) | undefined;
  /** Sent as node metadata `isobar.io/fleet` (any JSON value, to test what the server makes of it). */
  protected fleet: unknown;

  constructor(
    port: number,
    readonly nodeId: string,
    service: grpc.ServiceDefinition,
    method: string,
    protected readonly describeResponse: (r: Res) => string,
  ) {
    const Client = grpc.makeClientConstructor(service, 'TestService');
    this.client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const open = (this.client as unknown as Record<string, () => ClientCall<Req, Res>>)[method];
    if (!open) throw new Error(`no method ${method}`);
    this.call = open.call(this.client);
    this.call.on('data', (r: Res) => {
      this.received.push(r);
      this.wake?.();
    });
    this.call.on('error', () => {}); // reported through 'status'
    this.finished = new Promise((resolve) => this.call.on('status', resolve));
  }

  /** Names a fleet in the node of the first request, as `isobar bootstrap --fleet` makes Envoy do. */
  withFleet(fleet: unknown): this {
    this.fleet = fleet;
    return this;
  }

  /** The node a first request carries. */
  protected node(): { id: string; cluster: string; metadata?: Record<string, unknown> } {
    return { id: this.nodeId, cluster: 'test', ...(this.fleet === undefined ? {} : { metadata: { [FLEET_METADATA_KEY]: this.fleet } }) };
  }

  write(request: Req): void {
    this.call.write(request);
  }

  /** The next response not yet consumed by a test. */
  async next(timeoutMs = 3000): Promise<Res> {
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
    const extra = this.received.slice(this.cursor).map(this.describeResponse);
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

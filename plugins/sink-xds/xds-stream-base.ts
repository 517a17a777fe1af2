import { fleetView, type Logger, type Snapshot } from '../../core/index.js';
import type { ClientRegistry } from './client-registry.js';
import { StreamClient } from './stream-client.js';
import type { XdsMetrics } from './xds-metrics.js';

/** What every stream flavour is built from. */
export interface XdsStreamBaseOptions {
  /** Unique per server; prefixes nonces and appears in logs. */
  id: number;
  registry: ClientRegistry;
  logger: Logger;
  /** Prometheus series for responses, NACKs and open streams; none when absent. */
  metrics?: XdsMetrics;
}

/**
 * The life of one xDS stream, whatever its protocol: its logger, who the client is, its nonces, the
 * open-streams gauge, and closing exactly once.
 */
export abstract class XdsStreamBase {
  protected readonly log: Logger;
  protected readonly client: StreamClient;
  protected nonces = 0;
  protected closed = false;
  private readonly streamId: number;
  private readonly metricsOf: XdsMetrics | undefined;

  constructor(base: XdsStreamBaseOptions, protocol: string) {
    this.log = base.logger.child({ stream: base.id });
    this.client = new StreamClient(base.registry, this.log, protocol);
    base.metrics?.streamOpened();
    this.streamId = base.id;
    this.metricsOf = base.metrics;
  }

  get id(): number {
    return this.streamId;
  }

  get nodeId(): string | undefined {
    return this.client.nodeId;
  }

  get fleet(): string {
    return this.client.fleet;
  }

  /**
   * What this client is served of a published snapshot: its fleet's view (its listeners and what they
   * refer to). Wildcards and names alike are answered from it, so a name outside the view is unknown here.
   */
  protected view(snapshot: Snapshot): Snapshot {
    return fleetView(snapshot, this.client.fleet);
  }

  /** A nonce unique on this server: the stream id, the flavour's tag, a counter. */
  protected nextNonce(tag = ''): string {
    return `${this.streamId}-${tag}${++this.nonces}`;
  }

  /** Marks the stream closed and frees the client; false when it was closed already. */
  protected closeOnce(): boolean {
    if (this.closed) return false;
    this.closed = true;
    this.client.release();
    this.metricsOf?.streamClosed();
    return true;
  }
}

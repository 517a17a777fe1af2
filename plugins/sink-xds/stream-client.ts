import { DEFAULT_FLEET, FLEET_METADATA_KEY, type envoy, type Logger, type ResourceVersion, type TypeUrl } from '../../core/index.js';
import type { ClientRegistry } from './client-registry.js';
import { fleetOfNode } from './node-fleet.js';
import { typeLabel } from './xds-types.js';

const UNKNOWN_NODE = '(unknown)';

/**
 * Who is at the other end of one stream, and the bookkeeping every xDS flavour shares: the node is
 * registered on its first request (only that one has to carry it) and released once on close; ACKs and
 * NACKs go to the client registry and the log in one form, whatever the protocol variant.
 */
export class StreamClient {
  protected node: { id: string; cluster: string; fleet: string } | undefined;
  protected released = false;

  constructor(
    protected readonly registry: ClientRegistry,
    protected readonly log: Logger,
    /** "ADS", "delta ADS", "CDS", … for the connect log line. */
    protected readonly protocol: string,
  ) {}

  get nodeId(): string | undefined {
    return this.node?.id;
  }

  /** The node's fleet, fixed by the first request (the only one that must carry the node). */
  get fleet(): string {
    return this.node?.fleet ?? DEFAULT_FLEET;
  }

  identify(node: envoy.DiscoveryRequest['node']): void {
    if (this.node || this.released) return;
    const { fleet, invalid } = fleetOfNode(node);
    this.node = { id: node?.id || UNKNOWN_NODE, cluster: node?.cluster ?? '', fleet };
    if (invalid !== undefined) this.log.warn({ node: this.node.id, value: invalid }, `node metadata ${FLEET_METADATA_KEY} is not a string; serving the default fleet`);
    this.registry.streamOpened(this.node.id, this.node.cluster, fleet);
    const named = fleet === DEFAULT_FLEET ? {} : { fleet };
    this.log.info({ node: this.node.id, cluster: this.node.cluster, ...named, protocol: this.protocol }, 'xDS client connected');
  }

  acked(typeUrl: TypeUrl, version: string, resources: readonly ResourceVersion[] = []): void {
    const node = this.node?.id ?? UNKNOWN_NODE;
    this.registry.acked(node, typeUrl, version, resources);
    this.log.debug({ node, type: typeLabel(typeUrl), version }, 'ACK');
  }

  nacked(typeUrl: TypeUrl, version: string, message: string, extra: Record<string, unknown> = {}, resources: readonly ResourceVersion[] = []): void {
    const node = this.node?.id ?? UNKNOWN_NODE;
    this.registry.nacked(node, typeUrl, version, message, new Date(), resources);
    this.log.warn({ node, type: typeLabel(typeUrl), version, message, ...extra }, 'xDS client rejected config (NACK)');
  }

  /** Frees the node's registry entry (when this was its last stream); idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    if (this.node) this.registry.streamClosed(this.node.id);
  }
}

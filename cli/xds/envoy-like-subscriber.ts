/**
 * Benchmark support: an xDS client that subscribes the way Envoy does over ADS (CDS and LDS as a whole,
 * then EDS for the clusters' service names and RDS for the listeners' route configurations), ACKs every
 * response, and records what it received. It decodes only what it needs to find names.
 */
import type * as grpc from '@grpc/grpc-js';
import { envoy, TypeUrl } from '../../core/index.js';
import { anyToProtoJson } from '../../plugins/sink-static/proto-json.js';
import { XdsClient, type XdsMode, type XdsUpdate } from './xds-client.js';
import { referencedNames } from './xds-output.js';

/** One received response, without its resources. */
export interface Received {
  /** performance.timeOrigin + performance.now() at arrival: comparable across processes. */
  at: number;
  typeUrl: string;
  version: string;
  resources: number;
  removed: number;
  bytes: number;
}

export class EnvoyLikeSubscriber {
  readonly received: Received[] = [];
  protected readonly client: XdsClient;
  /** Per referring resource (cluster or listener), the names it needs of the by-name type. */
  protected readonly needs = new Map<string, Map<string, string[]>>([
    [TypeUrl.Cluster, new Map()],
    [TypeUrl.Listener, new Map()],
  ]);
  protected readonly asked = new Map<string, string>();
  protected readonly listeners: Array<(r: Received, u: XdsUpdate) => void> = [];
  protected stopped = false;

  constructor(target: string, nodeId: string, mode: XdsMode = 'sotw', channelOptions: grpc.ChannelOptions = {}) {
    this.client = new XdsClient(target, { id: nodeId, cluster: 'bench' }, mode, channelOptions);
  }

  start(): void {
    this.client.subscribe(TypeUrl.Cluster, '*');
    this.client.subscribe(TypeUrl.Listener, '*');
    void this.pump();
  }

  /** Called for every response, after it was recorded and ACKed. */
  onResponse(listener: (r: Received, u: XdsUpdate) => void): void {
    this.listeners.push(listener);
  }

  /** Resolves once a response of every one of `types` has arrived. */
  async synced(types: readonly string[] = [TypeUrl.Cluster, TypeUrl.ClusterLoadAssignment, TypeUrl.Listener, TypeUrl.RouteConfiguration]): Promise<void> {
    const missing = () => types.filter((t) => !this.received.some((r) => r.typeUrl === t));
    if (missing().length === 0) return;
    await new Promise<void>((resolve) => this.listeners.push(() => missing().length === 0 && resolve()));
  }

  close(): void {
    this.stopped = true;
    this.client.close();
  }

  protected async pump(): Promise<void> {
    for (;;) {
      let update: XdsUpdate;
      try {
        update = await this.client.next();
      } catch (err) {
        if (!this.stopped) process.stderr.write(`subscriber: ${(err as Error).message}\n`);
        return;
      }
      const r: Received = {
        at: performance.timeOrigin + performance.now(),
        typeUrl: update.typeUrl,
        version: update.version,
        resources: update.resources.length,
        removed: update.removed.length,
        bytes: update.bytes,
      };
      this.received.push(r);
      this.client.ack(update);
      if (update.typeUrl === TypeUrl.Cluster) this.follow(update, TypeUrl.ClusterLoadAssignment, edsNames);
      if (update.typeUrl === TypeUrl.Listener) this.follow(update, TypeUrl.RouteConfiguration, rdsNames);
      for (const l of this.listeners) l(r, update);
    }
  }

  /** Keeps the by-name type's subscription equal to what the referring resources need. */
  protected follow(update: XdsUpdate, byName: TypeUrl, namesOf: (any: envoy.Any) => { name: string; needs: string[] }): void {
    const needs = this.needs.get(update.typeUrl)!;
    if (this.client.mode === 'sotw') needs.clear();
    for (const name of update.removed) needs.delete(name);
    for (const r of update.resources) {
      const found = namesOf(r.resource);
      needs.set(r.name ?? found.name, found.needs);
    }
    const names = [...new Set([...needs.values()].flat())].sort();
    const key = names.join('\n');
    if (this.asked.get(byName) === key) return;
    this.asked.set(byName, key);
    this.client.subscribe(byName, names);
  }
}

function edsNames(any: envoy.Any): { name: string; needs: string[] } {
  const c = envoy.Cluster.decode(any.value);
  return { name: c.name, needs: c.type === envoy.Cluster_DiscoveryType.EDS ? [c.edsClusterConfig?.serviceName || c.name] : [] };
}

function rdsNames(any: envoy.Any): { name: string; needs: string[] } {
  const json = anyToProtoJson(any);
  return { name: String(json['name']), needs: referencedNames('rds', [json]) };
}

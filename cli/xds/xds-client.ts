import * as grpc from '@grpc/grpc-js';
import { envoy } from '../../core/index.js';
import { AggregatedDiscoveryServiceClient } from '../../core/generated/envoy/service/discovery/v3/ads.js';

/** One response, state-of-the-world or delta, in one shape. */
export interface XdsUpdate {
  typeUrl: string;
  /** versionInfo (SotW) or systemVersionInfo (delta). */
  version: string;
  nonce: string;
  /** Delta resources carry their own name and version; SotW ones only the packed resource. */
  resources: Array<{ name?: string; version?: string; resource: envoy.Any }>;
  /** Names the server removed (delta only). */
  removed: string[];
  /** Size of the encoded response message. */
  bytes: number;
}

export type XdsMode = 'sotw' | 'delta';

/** Who the client says it is on its first message; `metadata` e.g. names its fleet (isobar.io/fleet). */
export interface XdsClientNode {
  id: string;
  cluster: string;
  metadata?: Record<string, unknown>;
}

/** What `subscribe` asks for: every resource of the type, or these names. */
export type Wanted = '*' | readonly string[];

/** Responses up to isobar's own limit (large configs run to tens of MB). */
const CHANNEL_OPTIONS: grpc.ChannelOptions = { 'grpc.max_receive_message_length': 256 * 1024 * 1024 };

type SotwCall = grpc.ClientDuplexStream<envoy.DiscoveryRequest, envoy.DiscoveryResponse>;
type DeltaCall = grpc.ClientDuplexStream<envoy.DeltaDiscoveryRequest, envoy.DeltaDiscoveryResponse>;

/**
 * A minimal ADS client for inspecting a control plane, as Envoy would talk to it: one stream
 * (StreamAggregatedResources or DeltaAggregatedResources), the node on the first message only, and
 * per type the last ACKed version and nonce carried into later requests. It never ACKs by itself:
 * the caller decides, so it can also inspect what it would reject.
 */
export class XdsClient {
  /** Resolves with the stream's final status (ended by the server, failed, or closed). */
  readonly finished: Promise<grpc.StatusObject>;
  protected readonly client: AggregatedDiscoveryServiceClient;
  protected readonly call: SotwCall | DeltaCall;
  protected readonly queue: XdsUpdate[] = [];
  protected readonly waiting: Array<(u: XdsUpdate | grpc.StatusObject) => void> = [];
  protected readonly acked = new Map<string, { version: string; nonce: string }>();
  protected readonly subscribed = new Map<string, Set<string>>();
  protected sentNode = false;
  protected status: grpc.StatusObject | undefined;

  constructor(
    target: string,
    protected readonly node: XdsClientNode,
    readonly mode: XdsMode = 'sotw',
    channelOptions: grpc.ChannelOptions = {},
    credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure(),
  ) {
    this.client = new AggregatedDiscoveryServiceClient(target, credentials, { ...CHANNEL_OPTIONS, ...channelOptions });
    this.call = mode === 'delta' ? this.client.deltaAggregatedResources() : this.client.streamAggregatedResources();
    this.call.on('data', (r: envoy.DiscoveryResponse | envoy.DeltaDiscoveryResponse) => this.deliver(mode === 'delta' ? fromDelta(r as envoy.DeltaDiscoveryResponse) : fromSotw(r as envoy.DiscoveryResponse)));
    this.call.on('error', () => {}); // the final status arrives through 'status'
    this.finished = new Promise((resolve) =>
      this.call.on('status', (s: grpc.StatusObject) => {
        this.status = s;
        for (const w of this.waiting.splice(0)) w(s);
        resolve(s);
      }),
    );
  }

  /** Asks for `wanted` of a type, replacing what was asked for before (delta: sends only the difference). */
  subscribe(typeUrl: string, wanted: Wanted): void {
    const names = wanted === '*' ? ['*'] : [...wanted];
    if (this.mode === 'delta') {
      const before = this.subscribed.get(typeUrl) ?? new Set<string>();
      const after = new Set(names);
      this.subscribed.set(typeUrl, after);
      this.sendDelta({
        typeUrl,
        resourceNamesSubscribe: names.filter((n) => !before.has(n)),
        resourceNamesUnsubscribe: [...before].filter((n) => !after.has(n)),
      });
      return;
    }
    this.subscribed.set(typeUrl, new Set(names));
    const last = this.acked.get(typeUrl);
    // SotW: an empty list is the wildcard that every server understands for LDS/CDS.
    this.sendSotw({ typeUrl, resourceNames: wanted === '*' ? [] : names, versionInfo: last?.version ?? '', responseNonce: last?.nonce ?? '' });
  }

  ack(update: XdsUpdate): void {
    this.acked.set(update.typeUrl, { version: update.version, nonce: update.nonce });
    if (this.mode === 'delta') return this.sendDelta({ typeUrl: update.typeUrl, responseNonce: update.nonce });
    const names = [...(this.subscribed.get(update.typeUrl) ?? [])].filter((n) => n !== '*');
    this.sendSotw({ typeUrl: update.typeUrl, resourceNames: names, versionInfo: update.version, responseNonce: update.nonce });
  }

  /** The next response; rejects when the stream ends first or none arrives within `timeoutMs`. */
  next(timeoutMs = Infinity): Promise<XdsUpdate> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.status) return Promise.reject(streamEnded(this.status));
    return new Promise((resolve, reject) => {
      const expire = () => {
        this.waiting.splice(this.waiting.indexOf(done), 1);
        reject(new Error(`no response within ${timeoutMs} ms`));
      };
      const timer = Number.isFinite(timeoutMs) ? setTimeout(expire, timeoutMs) : undefined;
      const done = (u: XdsUpdate | grpc.StatusObject) => {
        clearTimeout(timer);
        if ('typeUrl' in u) resolve(u);
        else reject(streamEnded(u));
      };
      this.waiting.push(done);
    });
  }

  close(): void {
    this.call.cancel();
    this.client.close();
  }

  protected deliver(update: XdsUpdate): void {
    const waiter = this.waiting.shift();
    if (waiter) waiter(update);
    else this.queue.push(update);
  }

  protected nodePart(): { node?: XdsClientNode } {
    if (this.sentNode) return {};
    this.sentNode = true;
    return { node: this.node };
  }

  protected sendSotw(fields: Partial<envoy.DiscoveryRequest>): void {
    (this.call as SotwCall).write(envoy.DiscoveryRequest.fromPartial({ ...fields, ...this.nodePart() }));
  }

  protected sendDelta(fields: Partial<envoy.DeltaDiscoveryRequest>): void {
    (this.call as DeltaCall).write(envoy.DeltaDiscoveryRequest.fromPartial({ ...fields, ...this.nodePart() }));
  }
}

function fromSotw(r: envoy.DiscoveryResponse): XdsUpdate {
  return {
    typeUrl: r.typeUrl,
    version: r.versionInfo,
    nonce: r.nonce,
    resources: r.resources.map((resource) => ({ resource })),
    removed: [],
    bytes: envoy.DiscoveryResponse.encode(r).finish().length,
  };
}

function fromDelta(r: envoy.DeltaDiscoveryResponse): XdsUpdate {
  return {
    typeUrl: r.typeUrl,
    version: r.systemVersionInfo,
    nonce: r.nonce,
    resources: r.resources.flatMap((x) => (x.resource ? [{ name: x.name, version: x.version, resource: x.resource }] : [])),
    removed: r.removedResources,
    bytes: envoy.DeltaDiscoveryResponse.encode(r).finish().length,
  };
}

function streamEnded(s: grpc.StatusObject): Error {
  return Object.assign(new Error(`stream ended: ${grpc.status[s.code] ?? s.code} ${s.details}`.trim()), { grpcCode: s.code });
}

import type { StoreReader, SourcedObject } from '../store/object-store.js';
import type { StoredObject } from '../model/k8s-object.js';
import type { ObjectRef } from '../model/k8s-object.js';
import type { Dag } from '../dag/dag.js';
import type { StatusRecorder } from '../status/status-recorder.js';
import type { ObjectStatus, SourceProblem } from '../status/condition.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { TranslatorHooks } from '../translate/translator-hooks.js';

/** What a source uses to hand objects to core. It never sees the store or the DAG itself. */
export interface SourceConnection {
  /** Replaces everything this source delivered before. */
  full(objects: SourcedObject[]): void;
  delta(upserts: SourcedObject[], removals: ObjectRef[]): void;
  /** The initial state is complete; until every source says so, nothing is published. */
  synced(): void;
  /** Replaces the problems this source reports under `scope` (e.g. a file path); [] clears them. */
  problems(scope: string, problems: SourceProblem[]): void;
  /**
   * Holds readiness (/readyz 503) while a reason is set: the source cannot deliver what it is
   * configured to (say, its directory does not exist yet). Publishing goes on; undefined lifts it.
   */
  holdReady(reason: string | undefined): void;
}

export const Source = Symbol.for('isobar.Source');
export interface Source {
  readonly id: string;
  start(connection: SourceConnection): Promise<void>;
  stop(): Promise<void>;
  /** What the status endpoint shows for this source (watches, leadership, …). */
  status?(): unknown;
}

export interface BuildContext {
  dag: Dag;
  store: StoreReader;
  status: StatusRecorder;
  /** Ids of the feature plugins loaded; a field whose feature is missing gets a warning, not silence. */
  features: ReadonlySet<string>;
  /**
   * Runs one object's step inside its failure boundary: if it throws, the object is charged with it
   * (`ProcessingFailed`, at `field` when given), the build goes on and is made again without the object.
   */
  guard<T>(obj: StoredObject | ObjectRef, fn: () => T, field?: string): T | undefined;
}

export const Processor = Symbol.for('isobar.Processor');
/** Turns store objects into DAG nodes. Bad input becomes a condition, never an exception. */
export interface Processor {
  readonly id: string;
  /** Position in the build; see PROCESSOR_ORDER. */
  readonly order: number;
  run(ctx: BuildContext): void;
}

/**
 * Where processors run, lowest first. Kind processors create hosts, routes and clusters; feature
 * processors then annotate those nodes, so they must run after every kind processor.
 */
export const PROCESSOR_ORDER = {
  /** Every API's host claims are weighed before any of them serves a host. */
  hostOwnership: 50,
  ingress: 100,
  ingressRoute: 200,
  gatewayApi: 300,
  features: 1000,
} as const;

export const HostClaimer = Symbol.for('isobar.HostClaimer');
/**
 * The hosts each object of one kind claims, for host ownership (core/processors/host-ownership.ts): a
 * routing API binds one per kind that names hosts. Read defensively: it runs over every object before any
 * is processed, outside the objects' failure boundaries, and an invalid host claims nothing.
 */
export interface HostClaimer {
  readonly kind: string;
  claims(obj: StoredObject): Iterable<string>;
}

export const Feature = Symbol.for('isobar.Feature');
/** One capability end to end: an optional processor step plus translator hooks. */
export interface Feature {
  readonly id: string;
  readonly processor?: Processor;
  readonly hooks: TranslatorHooks;
}

/** One resource as a client was sent it. */
export interface ResourceVersion {
  name: string;
  version: string;
}

/** What a sink's clients said of what they were sent: core charges a rejection to the objects behind it. */
export interface SinkFeedback {
  accepted(typeUrl: string, resources: readonly ResourceVersion[]): void;
  /** `resources`: what the rejected response carried; `message`: the client's own words (Envoy's error_detail). */
  rejected(typeUrl: string, resources: readonly ResourceVersion[], message: string, node: string): void;
}

export const Sink = Symbol.for('isobar.Sink');
export interface Sink {
  readonly id: string;
  start(): Promise<void>;
  publish(snapshot: Snapshot): void;
  stop(): Promise<void>;
  /** Sinks whose clients answer (xDS ACK/NACK) report here; given once, before start. */
  feedback?(listener: SinkFeedback): void;
  /** What the status endpoint shows for this sink (connected clients, NACKs, …). */
  status?(): unknown;
}

export const Lifecycle = Symbol.for('isobar.Lifecycle');
export interface Lifecycle {
  initialize?(): Promise<void> | void;
  onStart?(): Promise<void> | void;
  /** Stop hooks run in parallel, each bounded by the shutdown timeout. */
  onStop?(): Promise<void> | void;
}

export const StatusWriter = Symbol.for('isobar.StatusWriter');
/**
 * Receives every object's status after each full build (e.g. to write it back to the Kubernetes API).
 * Must return at once: a writer queues and writes on its own, so status traffic never slows routing.
 */
export interface StatusWriter {
  readonly id: string;
  statuses(statuses: readonly ObjectStatus[]): void;
}

export const Leadership = Symbol.for('isobar.Leadership');
/**
 * Whether this replica is the one that writes to the cluster (bound by source-k8s, from its leader
 * election): status and anything else only one replica may write. Absent: a single replica, always it.
 */
export interface Leadership {
  readonly isLeader: boolean;
  /** Called on every change; returns a function that stops the calls. */
  onChange(listener: (leader: boolean) => void): () => void;
  /** Takes part in the election (idempotent): whoever needs a leader starts it. */
  start(): void;
}

export const KubeApi = Symbol.for('isobar.KubeApi');
/**
 * The Kubernetes API as the Kubernetes source reaches it (bound by source-k8s, with its credentials): for
 * plugins that write objects of their own (a Gateway's Envoy Deployment). Absent without source-k8s. An
 * answer of 400 or more is thrown, as an error whose `status` is the HTTP status.
 */
export interface KubeApi {
  request<T = unknown>(method: string, path: string, req?: { query?: Record<string, string | number | boolean | undefined>; body?: unknown; contentType?: string }): Promise<{ status: number; body: T }>;
}

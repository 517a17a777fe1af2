import { setTimeout as sleep } from 'node:timers/promises';
import type { K8sObject, Logger } from '../../core/index.js';
import { backoffDelay } from './backoff.js';
import { KubeApiError, type KubeClient, type WatchEvent } from './kube-client.js';
import { collectionPath, type WatchedResource } from './resources.js';
import { slimObject } from './slim-object.js';

/** What a reflector tells its owner. Every call is synchronous and in event order. */
export interface ReflectorHandler {
  /** After a (re)list: the complete current set of this reflector's objects. */
  replace(objects: K8sObject[]): void;
  upsert(object: K8sObject): void;
  remove(object: K8sObject): void;
  /** The first list is in (or the kind is not served at all: `missing`). */
  synced(): void;
  /** A failure that will be retried (`missing`: the kind is not served, e.g. no CRD); undefined clears it. */
  trouble(message: string | undefined, kind?: 'failed' | 'missing'): void;
}

export interface ReflectorOptions {
  pageSize: number;
  /** Server-side watch timeout; the watch is then resumed from the last resourceVersion. */
  watchTimeoutSeconds?: number;
  /** A watch that sends nothing (not even a bookmark) for this long is dropped and resumed. */
  idleTimeoutMs?: number;
  /** While a custom resource's CRD is missing, look again this often. */
  missingRetryMs?: number;
}

/** Watch ended because the server said the resourceVersion is gone (compacted): list again. */
class Gone extends Error {}

/**
 * List, then watch from the list's resourceVersion, forever: a watch that ends is resumed from the last
 * resourceVersion seen (bookmarks keep it fresh); 410 Gone (the version was compacted away) relists
 * and replaces the whole set; any other failure retries with backoff. @kubernetes/client-node's
 * informer stops on errors; this does not, and it reports every failure through `trouble`.
 */
export class Reflector {
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private resourceVersion: string | undefined;
  private synced = false;
  /** Lists done (the first one included): a relist after 410 counts. */
  lists = 0;
  /** Watch events received (bookmarks not counted). */
  events = 0;

  constructor(
    private readonly client: KubeClient,
    readonly resource: WatchedResource,
    readonly namespace: string | undefined,
    private readonly handler: ReflectorHandler,
    private readonly logger: Logger,
    private readonly options: ReflectorOptions,
  ) {}

  get name(): string {
    return `${this.resource.kind}${this.namespace ? ` in ${this.namespace}` : ''}`;
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  /** For the status endpoint. */
  describe(): { lists: number; events: number; resourceVersion: string | null; synced: boolean } {
    return { lists: this.lists, events: this.events, resourceVersion: this.resourceVersion ?? null, synced: this.synced };
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (this.resourceVersion === undefined) await this.list();
        failures = 0;
        this.handler.trouble(undefined);
        await this.watch();
      } catch (err) {
        if (this.stopped) return;
        if (err instanceof Gone || (err instanceof KubeApiError && err.status === 410)) {
          this.logger.info({ resource: this.name }, `${this.name}: resourceVersion ${this.resourceVersion} expired (410 Gone); listing again`);
          this.resourceVersion = undefined;
          continue;
        }
        if (err instanceof KubeApiError && err.status === 404 && this.resource.custom) {
          this.missing();
          await sleep(this.options.missingRetryMs ?? 10_000, undefined, { signal: this.abort.signal }).catch(() => {});
          continue;
        }
        const delay = backoffDelay(failures++);
        const message = `${this.name}: ${(err as Error).message}; retrying in ${delay} ms`;
        this.logger.warn({ resource: this.name, err: (err as Error).message, attempt: failures }, message);
        this.handler.trouble(message);
        await sleep(delay, undefined, { signal: this.abort.signal }).catch(() => {});
      }
    }
  }

  /** Pages through the collection; a continue token that expired (410) starts the list over. */
  private async list(): Promise<void> {
    const path = collectionPath(this.resource, this.namespace);
    const items: K8sObject[] = [];
    let cont: string | undefined;
    let rv = '';
    do {
      let res;
      try {
        res = await this.client.request<{ metadata: { resourceVersion: string; continue?: string }; items: Array<Record<string, unknown>> }>('GET', path, {
          query: { limit: this.options.pageSize, continue: cont, fieldSelector: this.resource.fieldSelector },
          signal: this.abort.signal,
          timeoutMs: 120_000,
        });
      } catch (err) {
        if (err instanceof KubeApiError && err.status === 410 && cont) {
          items.length = 0;
          cont = undefined;
          continue;
        }
        throw err;
      }
      for (const raw of res.body.items) items.push(slimObject(raw, this.resource.kind, this.resource.apiVersion));
      cont = res.body.metadata.continue || undefined;
      rv = res.body.metadata.resourceVersion;
    } while (cont);
    this.lists++;
    this.resourceVersion = rv;
    this.handler.replace(items);
    this.markSynced();
  }

  private async watch(): Promise<void> {
    const path = collectionPath(this.resource, this.namespace);
    const timeout = this.options.watchTimeoutSeconds ?? 300;
    await this.client.watch(
      path,
      {
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
        // Spread resumes of many reflectors over time.
        timeoutSeconds: Math.round(timeout * (0.9 + Math.random() * 0.2)),
        fieldSelector: this.resource.fieldSelector,
      },
      (event) => this.onEvent(event),
      this.abort.signal,
      this.options.idleTimeoutMs ?? 120_000,
    );
  }

  private onEvent(event: WatchEvent): void {
    if (event.type === 'ERROR') {
      if (event.object.code === 410) throw new Gone();
      throw new KubeApiError('WATCH', collectionPath(this.resource, this.namespace), event.object.code ?? 0, event.object.reason ?? 'Error', event.object.message ?? 'watch error');
    }
    const rv = event.object.metadata?.resourceVersion;
    if (event.type === 'BOOKMARK') {
      if (rv) this.resourceVersion = rv;
      return;
    }
    this.events++;
    const obj = slimObject(event.object, this.resource.kind, this.resource.apiVersion);
    if (event.type === 'DELETED') this.handler.remove(obj);
    else this.handler.upsert(obj);
    if (rv) this.resourceVersion = rv;
  }

  private missing(): void {
    const message = `${this.name}: the API server does not serve ${this.resource.apiVersion} ${this.resource.plural} (is the CRD installed?); treated as none, checking again every ${Math.round((this.options.missingRetryMs ?? 10_000) / 1000)} s`;
    if (!this.synced) this.logger.warn({ resource: this.name }, message);
    this.handler.replace([]);
    this.handler.trouble(message, 'missing');
    this.markSynced();
  }

  private markSynced(): void {
    if (this.synced) return;
    this.synced = true;
    this.handler.synced();
  }
}

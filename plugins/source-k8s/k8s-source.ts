import { inject, injectable } from 'inversify';
import {
  ConfigId,
  KindRegistry,
  LoggerId,
  objectKey,
  refOf,
  type IsobarConfig,
  type K8sObject,
  type Logger,
  type ObjectRef,
  type Source,
  type SourceConnection,
  type SourcedObject,
} from '../../core/index.js';
import { KubeConnection } from './kube-connection.js';
import { LeaderElector } from './leader-elector.js';
import { Reflector, type ReflectorHandler } from './reflector.js';
import { watchedResource, type WatchedResource } from './resources.js';

export const SOURCE_ID = 'k8s';

/**
 * The in-cluster source: one reflector (list + watch) per registered kind (core's and the loaded plugins'), per namespace when
 * `sourceK8s.watchNamespaces` is set (so a tenant's controller needs Roles only in its namespaces).
 * Nothing is reported synced until every reflector has listed once.
 */
@injectable()
export class K8sSource implements Source {
  readonly id = SOURCE_ID;
  private readonly reflectors: Reflector[] = [];
  private readonly handlers: ConnectionHandler[] = [];
  private readonly pending = new Set<Reflector>();
  private readonly goneListeners: Array<(key: string) => void> = [];

  constructor(
    @inject(ConfigId) private readonly config: IsobarConfig,
    @inject(LoggerId) private readonly logger: Logger,
    @inject(KubeConnection) private readonly kube: KubeConnection,
    @inject(LeaderElector) private readonly elector: LeaderElector,
    @inject(KindRegistry) private readonly kinds: KindRegistry,
  ) {}

  /** Starts every reflector; returns at once (readiness waits for `synced`, not for this). */
  async start(connection: SourceConnection): Promise<void> {
    const client = this.kube.client;
    const namespaces = this.config.sourceK8s.watchNamespaces;
    const log = this.logger.child({ source: SOURCE_ID });
    for (const resource of this.resources()) {
      const scopes = resource.namespaced && namespaces.length > 0 ? [...new Set(namespaces)].sort() : [undefined];
      for (const ns of scopes) {
        const handler = new ConnectionHandler(connection, () => this.reflectorSynced(reflector, connection), (key) => this.goneListeners.forEach((l) => l(key)));
        const reflector: Reflector = new Reflector(client, resource, ns, handler, log, { pageSize: this.config.sourceK8s.pageSize });
        handler.scope = reflector.name;
        this.handlers.push(handler);
        this.reflectors.push(reflector);
        this.pending.add(reflector);
      }
    }
    log.info({ server: client.serverUrl, namespaces: namespaces.length ? namespaces : 'all', reflectors: this.reflectors.length }, `watching ${client.serverUrl} (${namespaces.length ? `namespaces ${namespaces.join(', ')}` : 'all namespaces'})`);
    for (const r of this.reflectors) r.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.reflectors.map((r) => r.stop()));
    this.kube.close();
  }

  /** The API server, the namespaces, each watch's counters, and this replica's leadership. */
  status(): unknown {
    const c = this.config;
    return {
      server: this.reflectors.length ? this.kube.client.serverUrl : null,
      namespaces: c.sourceK8s.watchNamespaces.length ? c.sourceK8s.watchNamespaces : 'all',
      watches: Object.fromEntries(this.reflectors.map((r) => [r.name, r.describe()])),
      leader: c.leaderElection.enabled ? { identity: this.elector.identity, isLeader: this.elector.isLeader } : { election: 'off', isLeader: true },
    };
  }

  /**
   * Calls `listener` with an object's key when that object is gone: deleted, or replaced by a new object
   * of the same name (another uid), whose status starts empty whatever the old one carried.
   */
  onGone(listener: (key: string) => void): void {
    this.goneListeners.push(listener);
  }

  /** Whether this object came from the API (and not from another source loaded beside this one). */
  delivered(ref: ObjectRef): boolean {
    const key = objectKey(ref);
    return this.handlers.some((h) => h.has(key));
  }

  private resources(): WatchedResource[] {
    return this.kinds
      .all()
      .filter((k) => k.watchedWith?.(this.config) ?? true)
      .map(watchedResource);
  }

  private reflectorSynced(r: Reflector, connection: SourceConnection): void {
    if (!this.pending.delete(r) || this.pending.size > 0) return;
    this.logger.info({ source: SOURCE_ID }, 'every Kubernetes reflector has listed');
    connection.synced();
  }
}

/** One reflector's view of the store: its own keys (and each object's uid), so a relist removes exactly what vanished. */
class ConnectionHandler implements ReflectorHandler {
  scope = '';
  private readonly keys = new Map<string, { ref: ObjectRef; uid: string | undefined }>();

  constructor(
    private readonly connection: SourceConnection,
    readonly synced: () => void,
    private readonly gone: (key: string) => void,
  ) {}

  has(key: string): boolean {
    return this.keys.has(key);
  }

  replace(objects: K8sObject[]): void {
    const next = new Map<string, { ref: ObjectRef; uid: string | undefined }>();
    for (const o of objects) {
      const ref = refOf(o, '');
      next.set(objectKey(ref), { ref, uid: o.metadata.uid });
    }
    const removals = [...this.keys].filter(([k]) => !next.has(k)).map(([, v]) => v.ref);
    for (const [k, v] of this.keys) if (next.get(k)?.uid !== v.uid) this.gone(k);
    this.keys.clear();
    for (const [k, v] of next) this.keys.set(k, v);
    this.connection.delta(objects.map(sourced), removals);
  }

  upsert(object: K8sObject): void {
    const ref = refOf(object, '');
    const key = objectKey(ref);
    const had = this.keys.get(key);
    if (had && had.uid !== object.metadata.uid) this.gone(key);
    this.keys.set(key, { ref, uid: object.metadata.uid });
    this.connection.delta([sourced(object)], []);
  }

  remove(object: K8sObject): void {
    const ref = refOf(object, '');
    const key = objectKey(ref);
    this.keys.delete(key);
    this.gone(key);
    this.connection.delta([], [ref]);
  }

  trouble(message: string | undefined, kind: 'failed' | 'missing' = 'failed'): void {
    if (!message) return this.connection.problems(this.scope, []);
    const problem = kind === 'missing' ? { reason: 'KindNotServed', severity: 'warning' as const } : { reason: 'WatchFailed' };
    this.connection.problems(this.scope, [{ source: SOURCE_ID, object: this.scope, message, ...problem }]);
  }
}

function sourced(object: K8sObject): SourcedObject {
  return { object, origin: { source: SOURCE_ID } };
}

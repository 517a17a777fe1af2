import type { ObjectKey } from '../model/k8s-object.js';
import { SERVICE_NAME_LABEL, type EndpointSlice } from '../model/kinds.js';
import type { StoreReader } from '../store/object-store.js';

/**
 * Which services an endpoint-only change touches, so the fast path re-resolves only their
 * ClusterLoadAssignments. An Endpoints object is its service's; an EndpointSlice belongs to the service
 * in its label, and to the one it was labelled with before (a relabelled or deleted slice changes
 * that service too), which is why the owner of every slice is remembered.
 */
export class EndpointChanges {
  private readonly owner = new Map<ObjectKey, string>();
  private readonly pending = new Set<ObjectKey>();
  /** Until the first full build, and after a failed fast path: everything counts as changed. */
  private all = true;

  note(key: ObjectKey): void {
    this.pending.add(key);
  }

  /** After a full build: the owners of every slice as the store has them now; nothing pending. */
  reset(store: StoreReader): void {
    this.owner.clear();
    for (const s of store.list<EndpointSlice>('EndpointSlice')) {
      const svc = s.object.metadata.labels?.[SERVICE_NAME_LABEL];
      if (svc) this.owner.set(s.key, `${s.object.metadata.namespace}/${svc}`);
    }
    this.pending.clear();
    this.all = false;
  }

  /** The `namespace/name` of every service whose endpoints may have changed; undefined means all. */
  take(store: StoreReader): Set<string> | undefined {
    const services = new Set<string>();
    for (const key of this.pending) {
      const [kind, namespace, name] = key.split('/') as [string, string, string];
      if (kind === 'Endpoints') {
        services.add(`${namespace}/${name}`);
        continue;
      }
      const before = this.owner.get(key);
      if (before) services.add(before);
      const svc = store.get<EndpointSlice>('EndpointSlice', namespace, name)?.object.metadata.labels?.[SERVICE_NAME_LABEL];
      if (svc) {
        services.add(`${namespace}/${svc}`);
        this.owner.set(key, `${namespace}/${svc}`);
      } else this.owner.delete(key);
    }
    this.pending.clear();
    return this.all ? undefined : services;
  }

  /** The next fast path recomputes everything (e.g. after it failed). */
  invalidate(): void {
    this.all = true;
  }
}

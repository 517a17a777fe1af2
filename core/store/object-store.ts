import { EventEmitter } from 'node:events';
import type { K8sObject, ObjectKey, ObjectOrigin, ObjectRef, StoredObject } from '../model/k8s-object.js';
import { objectKey } from '../model/k8s-object.js';
import { relevantFingerprint } from './relevance.js';
import { stableStringify } from '../util/stable-json.js';

/** An object handed over by a source; `metadata.namespace` must already be set for namespaced kinds. */
export interface SourcedObject {
  object: K8sObject;
  origin: ObjectOrigin;
}

export interface StoreChange {
  /** Keys whose routing-relevant content was added, changed or removed. */
  keys: ObjectKey[];
  kinds: Set<string>;
}

interface Entry extends StoredObject {
  sourceId: string;
  fingerprint: string;
}

/** An object the source flagged with problems of its own (see ObjectOrigin.problems). */
export function hasProblems(o: StoredObject): boolean {
  return (o.origin.problems?.length ?? 0) > 0;
}

/** What processors and translators read: the store, or a view of it (see ingress-class-view.ts). */
export interface StoreReader {
  get<T extends K8sObject>(kind: string, namespace: string, name: string): StoredObject<T> | undefined;
  /** All objects of a kind, in key order (deterministic). */
  list<T extends K8sObject>(kind: string): StoredObject<T>[];
  /** Objects whose origin carries problems, in key order; views filter them as they filter `list`. */
  flagged?(): StoredObject[];
}

/**
 * The typed cache every processor reads. Sources write whole sets (`replaceAll`) or deltas; an update that
 * does not change anything routing cares about (status, resourceVersion, managedFields) emits no change.
 */
export class ObjectStore implements StoreReader {
  private readonly entries = new Map<ObjectKey, Entry>();
  private readonly byKind = new Map<string, Map<ObjectKey, Entry>>();
  private readonly withProblems = new Map<ObjectKey, Entry>();
  private readonly events = new EventEmitter();

  onChange(listener: (change: StoreChange) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  /** Replaces every object that `sourceId` delivered before with `objects`. */
  replaceAll(sourceId: string, objects: SourcedObject[]): StoreChange {
    const incoming = new Map<ObjectKey, SourcedObject>();
    for (const o of objects) incoming.set(keyOf(o.object), o);
    const removed: ObjectKey[] = [];
    for (const [key, entry] of this.entries) {
      if (entry.sourceId === sourceId && !incoming.has(key)) removed.push(key);
    }
    return this.apply(sourceId, [...incoming.values()], removed);
  }

  applyDelta(sourceId: string, upserts: SourcedObject[], removals: ObjectRef[]): StoreChange {
    return this.apply(sourceId, upserts, removals.map(objectKey));
  }

  get<T extends K8sObject>(kind: string, namespace: string, name: string): StoredObject<T> | undefined {
    return this.entries.get(objectKey({ kind, namespace, name })) as StoredObject<T> | undefined;
  }

  /** All objects of a kind, in key order (deterministic). */
  list<T extends K8sObject>(kind: string): StoredObject<T>[] {
    const m = this.byKind.get(kind);
    if (!m) return [];
    return [...m.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) as unknown as StoredObject<T>[];
  }

  flagged(): StoredObject[] {
    return [...this.withProblems.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  get size(): number {
    return this.entries.size;
  }

  private apply(sourceId: string, upserts: SourcedObject[], removals: ObjectKey[]): StoreChange {
    const changed: ObjectKey[] = [];
    const kinds = new Set<string>();
    for (const key of removals) {
      const e = this.entries.get(key);
      if (!e || e.sourceId !== sourceId) continue;
      this.entries.delete(key);
      this.byKind.get(e.object.kind)?.delete(key);
      this.withProblems.delete(key);
      changed.push(key);
      kinds.add(e.object.kind);
    }
    for (const { object, origin } of upserts) {
      const key = keyOf(object);
      const fingerprint = relevantFingerprint(object);
      const prev = this.entries.get(key);
      const entry: Entry = { key, object, origin, sourceId, fingerprint };
      this.entries.set(key, entry);
      let kindMap = this.byKind.get(object.kind);
      if (!kindMap) this.byKind.set(object.kind, (kindMap = new Map()));
      kindMap.set(key, entry);
      if (hasProblems(entry)) this.withProblems.set(key, entry);
      else this.withProblems.delete(key);
      if (prev?.fingerprint === fingerprint && prev.origin.file === origin.file && sameProblems(prev, entry)) continue;
      changed.push(key);
      kinds.add(object.kind);
    }
    const change = { keys: changed, kinds };
    if (changed.length > 0) this.events.emit('change', change);
    return change;
  }
}

function keyOf(o: K8sObject): ObjectKey {
  return objectKey({ kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name });
}

function sameProblems(a: StoredObject, b: StoredObject): boolean {
  if (!hasProblems(a) && !hasProblems(b)) return true;
  return stableStringify(a.origin.problems ?? []) === stableStringify(b.origin.problems ?? []);
}

import type { ObjectKey, StoredObject } from '../model/k8s-object.js';
import type { Condition } from '../status/condition.js';
import type { StoreReader } from '../store/object-store.js';

interface Entry {
  /** The object as it was when it was quarantined; a change to it lifts the quarantine. */
  fingerprint: string | undefined;
  conditions: Condition[];
}

/**
 * Objects withheld from the build because of what they did, not what they are: one that made a build
 * throw, emitted a value Envoy would refuse, or was rejected by an Envoy. Kept across builds so the fault
 * costs one extra build, not one per build; an entry lasts while its object stays as it was (same
 * routing fingerprint), so fixing or deleting the object lifts it and status-only updates do not.
 */
export class Quarantine {
  private readonly entries = new Map<ObjectKey, Entry>();

  add(obj: StoredObject, condition: Condition): void {
    const e = this.entries.get(obj.key);
    if (e && e.fingerprint === obj.fingerprint) {
      if (!e.conditions.some((c) => c.reason === condition.reason && c.message === condition.message)) e.conditions.push(condition);
      return;
    }
    this.entries.set(obj.key, { fingerprint: obj.fingerprint, conditions: [condition] });
  }

  /** The entries whose object is still there as it was, in key order; the others are forgotten. */
  active(store: StoreReader): Map<ObjectKey, { object: StoredObject; conditions: Condition[] }> {
    const out = new Map<ObjectKey, { object: StoredObject; conditions: Condition[] }>();
    for (const key of [...this.entries.keys()].sort()) {
      const e = this.entries.get(key)!;
      const obj = lookup(store, key);
      if (!obj || obj.fingerprint !== e.fingerprint) {
        this.entries.delete(key);
        continue;
      }
      out.set(key, { object: obj, conditions: e.conditions });
    }
    return out;
  }

  has(key: ObjectKey): boolean {
    return this.entries.has(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The stored object of a key (`Kind/namespace/name`; names cannot contain `/`). */
export function lookup(store: StoreReader, key: ObjectKey): StoredObject | undefined {
  const first = key.indexOf('/');
  const second = key.indexOf('/', first + 1);
  if (first < 0 || second < 0) return undefined;
  return store.get(key.slice(0, first), key.slice(first + 1, second), key.slice(second + 1));
}

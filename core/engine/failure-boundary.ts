import type { ObjectKey, ObjectRef, StoredObject } from '../model/k8s-object.js';
import { objectKey } from '../model/k8s-object.js';
import type { Condition } from '../status/condition.js';

/** An object that made this build go wrong, and the condition that says how. */
export interface Culprit {
  key: ObjectKey;
  condition: Condition;
}

/**
 * Where one object's processing may fail without failing the build: a guarded step that throws makes
 * its object a culprit, the build goes on, and the builder builds again without it (so nothing half-made
 * from it is served). Guards nest; the innermost names the object and field.
 */
export class FailureBoundary {
  private readonly found = new Map<ObjectKey, Culprit>();

  guard<T>(obj: StoredObject | ObjectRef, fn: () => T, field?: string): T | undefined {
    try {
      return fn();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.blame(obj, { severity: 'error', reason: 'ProcessingFailed', message: `isobar could not process this object (${message}); nothing of it is served`, ...(field ? { field } : {}) });
      return undefined;
    }
  }

  /** Records a culprit directly (e.g. an emitted value Envoy would refuse). The first condition per object is kept. */
  blame(obj: StoredObject | ObjectRef | ObjectKey, condition: Condition): void {
    const key = typeof obj === 'string' ? obj : 'key' in obj ? obj.key : objectKey(obj);
    if (!this.found.has(key)) this.found.set(key, { key, condition });
  }

  culprits(): Culprit[] {
    return [...this.found.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

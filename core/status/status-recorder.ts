import type { ObjectRef, StoredObject } from '../model/k8s-object.js';
import { objectKey } from '../model/k8s-object.js';
import type { Condition, ObjectState, ObjectStatus } from './condition.js';

/**
 * Collects conditions during one build. Processors call it instead of throwing: bad input is a
 * condition on its object, never a failed build.
 */
export class StatusRecorder {
  private readonly statuses = new Map<string, ObjectStatus>();

  /** Marks an object as seen by a processor (so it shows as valid when nothing is wrong). */
  touch(obj: StoredObject): void {
    this.entry(obj);
  }

  /** The object is served, but part of it is not (or is served differently than written). */
  warn(obj: StoredObject, reason: string, message: string, field?: string): void {
    this.add(obj, { severity: 'warning', reason, message }, field);
  }

  /** Nothing of the object is served. */
  reject(obj: StoredObject, reason: string, message: string, field?: string): void {
    this.add(obj, { severity: 'error', reason, message }, field);
  }

  /** A delegated object that no root reaches: nothing of it is served, and that is not its fault alone. */
  orphan(obj: StoredObject, message: string): void {
    this.add(obj, { severity: 'warning', reason: 'Orphaned', message });
    this.entry(obj).state = 'orphaned';
  }

  /** An object withheld from the build (quarantined, or flagged by its source): these conditions, as given. */
  withhold(obj: StoredObject, conditions: readonly Condition[]): void {
    const e = this.entry(obj);
    for (const c of conditions) {
      if (e.conditions.some((x) => x.reason === c.reason && x.field === c.field && x.message === c.message)) continue;
      const line = c.line ?? (c.field ? obj.origin.lineOf?.(c.field) : undefined) ?? obj.origin.line;
      e.conditions.push({ ...c, ...(c.file ?? obj.origin.file ? { file: c.file ?? obj.origin.file } : {}), ...(line !== undefined ? { line } : {}) });
      e.state = worst(e.state, c.severity === 'error' ? 'invalid' : 'warning');
    }
  }

  /** The API's own status of the object (ObjectStatus.detail), replacing any set before in this build. */
  detail(obj: StoredObject, detail: Readonly<Record<string, unknown>>): void {
    this.entry(obj).detail = detail;
  }

  /** Whether an object already has an error condition (e.g. to stop walking a broken delegation). */
  isInvalid(obj: StoredObject): boolean {
    return this.statuses.get(obj.key)?.state === 'invalid';
  }

  results(): ObjectStatus[] {
    return [...this.statuses.values()].sort((a, b) => (objectKey(a.ref) < objectKey(b.ref) ? -1 : 1));
  }

  private add(obj: StoredObject, base: Omit<Condition, 'field' | 'file' | 'line'>, field?: string): void {
    const e = this.entry(obj);
    // The same node can be visited more than once (a TLS route sits on the secure and the plain host): report once.
    if (e.conditions.some((x) => x.reason === base.reason && x.field === field && x.message === base.message)) return;
    const line = field ? obj.origin.lineOf?.(field) ?? obj.origin.line : obj.origin.line;
    const c: Condition = { ...base };
    if (field) c.field = field;
    if (obj.origin.file) c.file = obj.origin.file;
    if (line !== undefined) c.line = line;
    e.conditions.push(c);
    e.state = worst(e.state, base.severity === 'error' ? 'invalid' : 'warning');
  }

  private entry(obj: StoredObject): ObjectStatus {
    let e = this.statuses.get(obj.key);
    if (!e) {
      const ref: ObjectRef = { kind: obj.object.kind, namespace: obj.object.metadata.namespace ?? '', name: obj.object.metadata.name };
      e = { ref, state: 'valid', conditions: [] };
      this.statuses.set(obj.key, e);
    }
    return e;
  }
}

function worst(a: ObjectState, b: ObjectState): ObjectState {
  const rank: Record<ObjectState, number> = { valid: 0, warning: 1, orphaned: 2, invalid: 3 };
  return rank[a] >= rank[b] ? a : b;
}

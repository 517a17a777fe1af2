import type { ObjectRef } from '../model/k8s-object.js';

export type Severity = 'error' | 'warning';

/** Why an object, or a part of it, is not served as written. */
export interface Condition {
  severity: Severity;
  /** Stable machine-readable reason, e.g. `ServiceNotFound`. */
  reason: string;
  message: string;
  /** Dotted field path inside the object, e.g. `spec.rules[0].http.paths[1].backend`. */
  field?: string;
  /** Where the field sits, when the source knows (file source). */
  file?: string;
  line?: number;
}

/** valid: served as written; warning: served in part; invalid: nothing of it is served. */
export type ObjectState = 'valid' | 'warning' | 'invalid';

export interface ObjectStatus {
  ref: ObjectRef;
  state: ObjectState;
  conditions: Condition[];
}

/** A problem a source found before any object existed (a file that does not parse, an unknown kind). */
export interface SourceProblem {
  source: string;
  file?: string;
  line?: number;
  object?: string;
  field?: string;
  reason: string;
  message: string;
}

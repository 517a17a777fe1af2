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

/**
 * valid: served as written; warning: served in part or differently; invalid: something it asks for is
 * refused (the rest may still be served); orphaned: a delegated object that no root reaches.
 */
export type ObjectState = 'valid' | 'warning' | 'invalid' | 'orphaned';

export interface ObjectStatus {
  ref: ObjectRef;
  state: ObjectState;
  conditions: Condition[];
  /**
   * An API's own status for the object, beyond conditions (Gateway API: per-parent and per-listener
   * conditions, attached routes), set by the processor that read it; the kind's status shape writes it.
   */
  detail?: Readonly<Record<string, unknown>>;
}

/** A problem a source found before any object existed (a file that does not parse, an unknown kind). */
export interface SourceProblem {
  source: string;
  /** Absent means error: the file's last good version stays in force. */
  severity?: Severity;
  file?: string;
  line?: number;
  object?: string;
  field?: string;
  reason: string;
  message: string;
}

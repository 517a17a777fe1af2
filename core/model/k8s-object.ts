/** Kubernetes-shaped objects as both sources deliver them. Only the fields isobar reads are typed. */
import type { Condition } from '../status/condition.js';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** Where an object came from, so that errors can name the file and line (file source) or the API object. */
export interface ObjectOrigin {
  source: string;
  file?: string;
  line?: number;
  /** Line of a dotted field path inside the object (e.g. `spec.rules[0].host`), when the source knows it. */
  lineOf?: (fieldPath: string) => number | undefined;
  /**
   * What the source found wrong with the object itself (a schema violation, an unknown field). An error
   * withholds the object from every processor and shows it `invalid` with these conditions; warnings are
   * added to its status while it is served.
   */
  problems?: Condition[];
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: unknown;
  status?: unknown;
  [field: string]: unknown;
}

/** An object as the store holds it: namespace always set (the source applies the default). */
export interface StoredObject<T extends K8sObject = K8sObject> {
  readonly key: ObjectKey;
  readonly object: T;
  readonly origin: ObjectOrigin;
  /** Changes exactly when something routing depends on changes (set by the store). */
  readonly fingerprint?: string;
}

export interface ObjectRef {
  kind: string;
  namespace: string;
  name: string;
}

/** `Kind/namespace/name`; the store's key and the name used in status and logs. */
export type ObjectKey = string;

export function objectKey(ref: ObjectRef): ObjectKey {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

export function refOf(obj: K8sObject, defaultNamespace: string): ObjectRef {
  return { kind: obj.kind, namespace: obj.metadata.namespace ?? defaultNamespace, name: obj.metadata.name };
}

export function refOfStored(obj: StoredObject): ObjectRef {
  return { kind: obj.object.kind, namespace: obj.object.metadata.namespace ?? '', name: obj.object.metadata.name };
}

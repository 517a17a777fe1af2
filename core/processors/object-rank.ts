import type { StoredObject } from '../model/k8s-object.js';

/**
 * The order in which claims are honoured: the older object first (`metadata.creationTimestamp`, which
 * the API server sets and the file source overwrites with the time it first saw the object), then the
 * key, so equal times still give one answer. An object without a timestamp ranks after all others.
 * Used for every "the older claim wins" decision: a contested path, a contested host.
 */
export function rankOf(obj: StoredObject): string {
  const ts = obj.object.metadata?.creationTimestamp;
  return `${typeof ts === 'string' ? ts : '9999'}|${obj.key}`;
}

import type { K8sObject } from '../model/k8s-object.js';
import { shortHash, stableStringify } from '../util/stable-json.js';

/** Metadata that changes on every write but never changes routing. */
const IGNORED_METADATA = new Set(['resourceVersion', 'managedFields', 'generation', 'uid', 'selfLink']);

/**
 * A digest that changes exactly when something routing may depend on changes: everything but `status`
 * and bookkeeping metadata. Status-only updates (including isobar's own write-back) produce no rebuild.
 * A digest, not the text itself: kept per object, the text would double the store's memory.
 */
export function relevantFingerprint(o: K8sObject): string {
  const { status: _status, metadata, ...rest } = o;
  const meta: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(metadata)) if (!IGNORED_METADATA.has(k)) meta[k] = v;
  return shortHash(stableStringify({ ...rest, metadata: meta }), 32);
}

import type { StoreReader } from '../../core/index.js';
import type { ReferenceGrant } from './gateway-types.js';

export interface GrantQuery {
  /** Group and kind of the referring object (e.g. gateway.networking.k8s.io HTTPRoute). */
  fromGroup: string;
  fromKind: string;
  fromNamespace: string;
  /** Group ('' for core), kind, namespace and name of the referent. */
  toGroup: string;
  toKind: string;
  toNamespace: string;
  toName: string;
}

/**
 * Whether a reference across namespaces is allowed: a ReferenceGrant in the referent's namespace must
 * name the referring kind and namespace in `from`, and the referent's kind (and name, when it gives one)
 * in `to`. A reference within one namespace needs none.
 */
export function referencePermitted(store: StoreReader, q: GrantQuery): boolean {
  if (q.fromNamespace === q.toNamespace) return true;
  for (const g of store.list<ReferenceGrant>('ReferenceGrant')) {
    if (g.object.metadata.namespace !== q.toNamespace) continue;
    const spec = g.object.spec;
    const from = (spec?.from ?? []).some((f) => (f.group ?? '') === q.fromGroup && f.kind === q.fromKind && f.namespace === q.fromNamespace);
    if (!from) continue;
    const to = (spec?.to ?? []).some((t) => (t.group ?? '') === q.toGroup && t.kind === q.toKind && (t.name === undefined || t.name === '' || t.name === q.toName));
    if (to) return true;
  }
  return false;
}

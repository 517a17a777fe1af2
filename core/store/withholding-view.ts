import type { K8sObject, ObjectKey, StoredObject } from '../model/k8s-object.js';
import { hasProblems, type StoreReader } from './object-store.js';

/**
 * The store without the objects the build must not use: those a source flagged with an error of their
 * own, and the quarantined keys. For every processor they simply do not exist.
 */
export function withholdingView(store: StoreReader, withheld: ReadonlySet<ObjectKey>): StoreReader {
  const usable = (o: StoredObject): boolean => !withheld.has(o.key) && !(hasProblems(o) && o.origin.problems!.some((p) => p.severity === 'error'));
  return {
    get<T extends K8sObject>(kind: string, namespace: string, name: string): StoredObject<T> | undefined {
      const o = store.get<T>(kind, namespace, name);
      return o && usable(o) ? o : undefined;
    },
    list<T extends K8sObject>(kind: string): StoredObject<T>[] {
      return store.list<T>(kind).filter(usable);
    },
    flagged(): StoredObject[] {
      return store.flagged?.() ?? [];
    },
  };
}

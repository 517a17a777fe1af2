import type { IngressClass } from '../model/kinds.js';
import type { K8sObject, StoredObject } from '../model/k8s-object.js';
import type { StoreReader } from './object-store.js';

/** Which Ingresses and IngressRoutes this controller serves (config `ingress.*`). */
export interface IngressClassPolicy {
  /** The class name this controller answers to (annotation value or spec.ingressClassName). */
  className: string;
  /** IngressClass objects whose spec.controller is this are ours too, whatever their name. */
  controllerName: string;
  /** Objects that name no class at all are served. */
  handleUnclassed: boolean;
}

export const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
/** Contour's annotation for IngressRoute, read as well so the seeds' objects keep working. */
const CONTOUR_CLASS_ANNOTATION = 'projectcontour.io/ingress.class';
/** The annotations class selection reads, on Ingress and IngressRoute alike. */
export const CLASS_ANNOTATIONS = [CLASS_ANNOTATION, CONTOUR_CLASS_ANNOTATION] as const;
const CLASSED_KINDS = new Set(['Ingress', 'IngressRoute']);

/**
 * The class an object asks for and whether it is ours. The annotation wins over spec.ingressClassName
 * (it is the older, more explicit form); a spec.ingressClassName matches by name or through an
 * IngressClass whose controller is ours.
 */
export function ownsObject(obj: K8sObject, store: StoreReader, policy: IngressClassPolicy): boolean {
  const annotations = obj.metadata.annotations ?? {};
  const annotated = annotations[CLASS_ANNOTATION] ?? annotations[CONTOUR_CLASS_ANNOTATION];
  if (annotated !== undefined) return annotated === policy.className;
  const specClass = obj.kind === 'Ingress' ? (obj.spec as { ingressClassName?: string } | undefined)?.ingressClassName : undefined;
  if (specClass === undefined || specClass === '') return policy.handleUnclassed;
  if (specClass === policy.className) return true;
  const cls = store.get<IngressClass>('IngressClass', '', specClass);
  return cls?.object.spec?.controller === policy.controllerName;
}

/**
 * The store as this controller sees it: Ingresses and IngressRoutes of other classes are not there, so
 * no processor serves them or writes status for them. Another controller's objects stay untouched.
 */
export function ingressClassView(store: StoreReader, policy: IngressClassPolicy): StoreReader {
  return {
    get<T extends K8sObject>(kind: string, namespace: string, name: string): StoredObject<T> | undefined {
      const o = store.get<T>(kind, namespace, name);
      if (!o || !CLASSED_KINDS.has(kind)) return o;
      return ownsObject(o.object, store, policy) ? o : undefined;
    },
    list<T extends K8sObject>(kind: string): StoredObject<T>[] {
      const all = store.list<T>(kind);
      return CLASSED_KINDS.has(kind) ? all.filter((o) => ownsObject(o.object, store, policy)) : all;
    },
    flagged(): StoredObject[] {
      return (store.flagged?.() ?? []).filter((o) => !CLASSED_KINDS.has(o.object.kind) || ownsObject(o.object, store, policy));
    },
  };
}

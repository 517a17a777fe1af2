import { INGRESSROUTE_KIND_NAME, type Delegate, type IngressRoute, type StatusRecorder, type StoredObject, type StoreReader } from '../../core/index.js';

export type DelegateResult = { child: StoredObject<IngressRoute> } | { reason: string; problem: string };

/**
 * The IngressRoute a `delegate` names (namespace defaults to the delegating object's), refusing what
 * would break the tree: a missing target, a root as target, and a cycle back into the chain so far.
 */
export function resolveDelegate(store: StoreReader, from: StoredObject<IngressRoute>, d: Delegate, chain: readonly StoredObject[]): DelegateResult {
  const ns = d.namespace ?? from.object.metadata.namespace ?? '';
  const child = store.get<IngressRoute>(INGRESSROUTE_KIND_NAME, ns, d.name);
  if (!child) return { reason: 'DelegateNotFound', problem: `delegate IngressRoute ${ns}/${d.name} not found` };
  if (child.object.spec?.virtualhost) {
    return { reason: 'DelegateIsRoot', problem: `delegate ${ns}/${d.name} has a virtualhost: a root cannot be delegated to` };
  }
  if (chain.some((o) => o.key === child.key)) {
    const names = [...chain, child].map((o) => `${o.object.metadata.namespace}/${o.object.metadata.name}`).join(' → ');
    return { reason: 'DelegationCycle', problem: `delegation cycle: ${names}` };
  }
  return { child };
}

/**
 * A delegate that cannot be followed. A cycle is the delegating object's own doing: it is invalid
 * (Contour: "route creates a delegation cycle"). A missing target or a target that became a root is
 * the state of another object, often another team's in another namespace: making the delegating root
 * invalid would take its whole host down because of someone else's change, so only what was delegated
 * is not served and the object gets a warning (Contour skipped a missing delegate silently).
 */
export function reportDelegateProblem(status: StatusRecorder, obj: StoredObject, res: { reason: string; problem: string }, field: string, notServed: string): void {
  if (res.reason === 'DelegationCycle') return status.reject(obj, res.reason, res.problem, field);
  status.warn(obj, res.reason, `${res.problem}; ${notServed} is not served`, field);
}

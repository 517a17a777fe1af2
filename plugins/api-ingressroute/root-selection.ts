import { compareStrings, hostConflictMessage, INGRESSROUTE_KIND_NAME, type HostOwnership, type IngressRoute, type StatusRecorder, type StoredObject, type StoreReader } from '../../core/index.js';
import { rootProblem } from './root-fqdn.js';

/**
 * The roots that may serve their fqdn: in an allowed root namespace, with a valid fqdn, on a host their
 * namespace owns (host-ownership.ts; another namespace's root gets HostConflict and the owner keeps
 * serving), and alone on it among the roots left. Two such roots on one fqdn (in one namespace, or
 * anywhere with shared ownership) are both refused, as Contour does, so neither takes the other's traffic.
 */
export function selectRoots(store: StoreReader, status: StatusRecorder, rootNamespaces: readonly string[], ownership: HostOwnership): StoredObject<IngressRoute>[] {
  const byFqdn = new Map<string, StoredObject<IngressRoute>[]>();
  for (const obj of store.list<IngressRoute>(INGRESSROUTE_KIND_NAME)) {
    const vh = obj.object.spec?.virtualhost;
    if (!vh) continue;
    status.touch(obj);
    const problem = rootProblem(obj, rootNamespaces);
    if (problem) {
      status.reject(obj, problem.reason, problem.message, problem.field);
      continue;
    }
    const owner = ownership.refusal(vh.fqdn, obj.object.metadata.namespace ?? '');
    if (owner) {
      const how = 'this root is not served (the owner can delegate a path to an IngressRoute in any namespace)';
      status.reject(obj, 'HostConflict', hostConflictMessage(vh.fqdn, owner, how), 'spec.virtualhost.fqdn');
      continue;
    }
    const list = byFqdn.get(vh.fqdn) ?? [];
    list.push(obj);
    byFqdn.set(vh.fqdn, list);
  }
  const roots: StoredObject<IngressRoute>[] = [];
  for (const [fqdn, claimants] of [...byFqdn].sort(([a], [b]) => compareStrings(a, b))) {
    if (claimants.length === 1) {
      roots.push(claimants[0]!);
      continue;
    }
    const names = claimants.map((c) => `${c.object.metadata.namespace}/${c.object.metadata.name}`);
    for (const c of claimants) {
      const others = names.filter((n) => n !== `${c.object.metadata.namespace}/${c.object.metadata.name}`).join(', ');
      status.reject(c, 'FqdnConflict', `fqdn ${fqdn} is also claimed by ${others}; none of them is served until only one claims it`, 'spec.virtualhost.fqdn');
    }
  }
  return roots;
}

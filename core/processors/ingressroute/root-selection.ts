import type { StoredObject } from '../../model/k8s-object.js';
import type { StatusRecorder } from '../../status/status-recorder.js';
import type { StoreReader } from '../../store/object-store.js';
import { compareStrings } from '../../util/compare.js';
import { hostProblem } from '../host-validation.js';
import { INGRESSROUTE_KIND, type IngressRoute } from './ingressroute-types.js';

/**
 * The roots that may serve their fqdn: in an allowed root namespace, with a valid fqdn, and alone on
 * it. Two roots on one fqdn are both refused, so neither tenant can take the other's traffic.
 */
export function selectRoots(store: StoreReader, status: StatusRecorder, rootNamespaces: readonly string[]): StoredObject<IngressRoute>[] {
  const byFqdn = new Map<string, StoredObject<IngressRoute>[]>();
  for (const obj of store.list<IngressRoute>(INGRESSROUTE_KIND)) {
    const vh = obj.object.spec?.virtualhost;
    if (!vh) continue;
    status.touch(obj);
    const ns = obj.object.metadata.namespace ?? '';
    if (rootNamespaces.length > 0 && !rootNamespaces.includes(ns)) {
      status.reject(obj, 'RootNamespaceNotAllowed', `root IngressRoutes (with a virtualhost) are only allowed in namespaces ${rootNamespaces.join(', ')}`, 'spec.virtualhost');
      continue;
    }
    const bad = typeof vh.fqdn === 'string' ? hostProblem(vh.fqdn) : 'virtualhost.fqdn is required';
    if (bad || vh.fqdn.startsWith('*.')) {
      status.reject(obj, 'FqdnInvalid', bad ?? `fqdn "${vh.fqdn}" must not be a wildcard`, 'spec.virtualhost.fqdn');
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

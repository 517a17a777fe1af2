import { hostProblem, type IngressRoute, type StoredObject } from '../../core/index.js';

export interface RootProblem {
  reason: string;
  message: string;
  field: string;
}

/**
 * Why a root IngressRoute (one with a virtualhost) may not serve its fqdn on its own terms: outside the
 * allowed root namespaces, or an fqdn that is not a plain DNS name. Such a root claims no host either
 * (host-claims.ts), so it cannot block a host it could never serve.
 */
export function rootProblem(obj: StoredObject<IngressRoute>, rootNamespaces: readonly string[]): RootProblem | undefined {
  const vh = obj.object.spec?.virtualhost;
  const ns = obj.object.metadata.namespace ?? '';
  if (rootNamespaces.length > 0 && !rootNamespaces.includes(ns)) {
    return { reason: 'RootNamespaceNotAllowed', message: `root IngressRoutes (with a virtualhost) are only allowed in namespaces ${rootNamespaces.join(', ')}`, field: 'spec.virtualhost' };
  }
  const fqdn: unknown = vh?.fqdn;
  const bad = typeof fqdn === 'string' ? hostProblem(fqdn) : 'virtualhost.fqdn is required';
  if (bad) return { reason: 'FqdnInvalid', message: bad, field: 'spec.virtualhost.fqdn' };
  if ((fqdn as string).startsWith('*.')) return { reason: 'FqdnInvalid', message: `fqdn "${fqdn as string}" must not be a wildcard`, field: 'spec.virtualhost.fqdn' };
  return undefined;
}

import type { BuildContext } from '../container/contribution-points.js';
import type { StoredObject } from '../model/k8s-object.js';
import type { Ingress } from '../model/kinds.js';
import type { StoreReader } from '../store/object-store.js';
import { HostOwnership, type HostClaim, type HostOwnershipMode } from './host-ownership.js';
import { ingressHostClaims } from './ingress/ingress-host-claims.js';
import { INGRESSROUTE_KIND, type IngressRoute } from './ingressroute/ingressroute-types.js';
import { rootProblem } from './ingressroute/root-fqdn.js';
import { rankOf } from './object-rank.js';

export interface OwnershipSettings {
  mode: HostOwnershipMode;
  rootNamespaces: readonly string[];
}

/** The settings from the config; a processor built without one (unit tests) gets the defaults. */
export function ownershipSettings(config?: { tenancy?: { hostOwnership: HostOwnershipMode }; ingressRoute?: { rootNamespaces: string[] } }): OwnershipSettings {
  return { mode: config?.tenancy?.hostOwnership ?? 'namespace', rootNamespaces: config?.ingressRoute?.rootNamespaces ?? [] };
}

const perBuild = new WeakMap<BuildContext, { key: string; ownership: HostOwnership }>();

/**
 * The host ownership of this build, decided once from every claim in the store and shared by the kind
 * processors that ask (a BuildContext lives for one build, so the cache goes with it).
 */
export function hostOwnership(ctx: BuildContext, settings: OwnershipSettings): HostOwnership {
  const key = JSON.stringify(settings);
  const cached = perBuild.get(ctx);
  if (cached?.key === key) return cached.ownership;
  const ownership = new HostOwnership(collectHostClaims(ctx.store, settings.rootNamespaces), settings.mode);
  perBuild.set(ctx, { key, ownership });
  return ownership;
}

/** Every host claim of every Ingress and root IngressRoute in the store. */
export function collectHostClaims(store: StoreReader, rootNamespaces: readonly string[]): HostClaim[] {
  const claims: HostClaim[] = [];
  const claim = (obj: StoredObject, host: string, rank: string) => {
    const namespace = obj.object.metadata.namespace ?? '';
    claims.push({ host, namespace, ref: { kind: obj.object.kind, namespace, name: obj.object.metadata.name }, rank });
  };
  for (const obj of store.list<Ingress>('Ingress')) {
    const rank = rankOf(obj);
    for (const host of ingressHostClaims(obj.object)) claim(obj, host, rank);
  }
  for (const obj of store.list<IngressRoute>(INGRESSROUTE_KIND)) {
    if (!obj.object.spec?.virtualhost || rootProblem(obj, rootNamespaces)) continue;
    claim(obj, obj.object.spec.virtualhost.fqdn, rankOf(obj));
  }
  return claims;
}

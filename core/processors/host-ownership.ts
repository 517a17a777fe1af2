import type { ObjectRef } from '../model/k8s-object.js';
import { compareStrings } from '../util/compare.js';

export type HostOwnershipMode = 'namespace' | 'shared';

/** One object naming a host: an Ingress rule or TLS host, a default backend (`*`), a root's fqdn. */
export interface HostClaim {
  host: string;
  namespace: string;
  ref: ObjectRef;
  /** rankOf(object): older first. */
  rank: string;
}

/**
 * Who may serve a host. With `namespace` (the default) a host belongs to the namespace of its oldest
 * claim, through whichever API that claim came (Ingress rule host, Ingress TLS host, default backend for
 * `*`, root IngressRoute fqdn): every other namespace's rules for it are refused, so a tenant can neither
 * add paths to another's host nor take it over. Within the owner namespace, any number of objects share
 * the host, as in plain Kubernetes; other namespaces get in only by delegation from the owner's root
 * IngressRoute (a delegated child is not a claim). `shared` refuses nothing: hosts merge across
 * namespaces and only equivalent paths conflict (route-conflict-processor.ts).
 *
 * The ownership is decided up front, from every object's claims, before any processor adds a route:
 * the kind processors ask `refusal` for each host they are about to serve, so a refused root never
 * creates its virtual host, TLS secret or clusters. The catch-all host `*` (rules without a host,
 * default backends) is owned per namespace like any other: a default backend is a claim to `*` too, or
 * another namespace's default backend would take every request the owner's paths leave unmatched.
 * A claim counts whatever else is wrong with its object, so the owner's mistake elsewhere in the object
 * never hands the host to someone else; a host that is not even a valid name claims nothing.
 */
export class HostOwnership {
  private readonly owners = new Map<string, HostClaim>();

  constructor(
    claims: Iterable<HostClaim>,
    readonly mode: HostOwnershipMode,
  ) {
    for (const c of claims) {
      const held = this.owners.get(c.host);
      if (!held || compareStrings(c.rank, held.rank) < 0) this.owners.set(c.host, c);
    }
  }

  /** The claim holding `host` when `namespace` may not serve it; undefined when it may. */
  refusal(host: string, namespace: string): HostClaim | undefined {
    if (this.mode === 'shared') return undefined;
    const owner = this.owners.get(host);
    return owner && owner.namespace !== namespace ? owner : undefined;
  }
}

/** The HostConflict message: whose host it is, and what of the refused object is not served. */
export function hostConflictMessage(host: string, owner: HostClaim, notServed: string): string {
  const shown = host === '*' ? 'the catch-all host * (rules without a host, default backends)' : `host ${host}`;
  return `${shown} belongs to namespace ${owner.namespace} (${owner.ref.kind} ${owner.ref.namespace}/${owner.ref.name} claimed it first); ${notServed}`;
}

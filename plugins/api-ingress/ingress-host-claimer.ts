import { type HostClaimer, type Ingress, type StoredObject } from '../../core/index.js';
import { ingressHostClaims } from './ingress-host-claims.js';

/** An Ingress claims its rules' hosts, its TLS hosts, and `*` for rules without a host or a default backend. */
export const ingressHostClaimer: HostClaimer = {
  kind: 'Ingress',
  claims: (obj: StoredObject) => ingressHostClaims(obj.object as Ingress),
};

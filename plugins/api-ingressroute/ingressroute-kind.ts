import { dns1123Subdomain, type Kind, type KindStatus } from '../../core/index.js';
import { ingressRouteStatus } from './ingressroute-status.js';
import { INGRESSROUTE_SCHEMA } from './ingressroute-crd.js';

export const PLUGIN_ID = 'api-ingressroute';

/** `status.currentStatus` and `status.description`, as Contour wrote them. */
export const INGRESSROUTE_STATUS: KindStatus = {
  subresource: true,
  fields: (status) => ({ ...ingressRouteStatus(status) }),
  fingerprint: (status) => {
    const s = (status ?? {}) as { currentStatus?: string; description?: string };
    return JSON.stringify([s.currentStatus ?? '', s.description ?? '']);
  },
};

/** The seed's contour.heptio.com/v1beta1 IngressRoute, a custom resource (its CRD ships in deploy/). */
export const INGRESSROUTE_KIND: Kind = {
  kind: 'IngressRoute',
  apiVersions: ['contour.heptio.com/v1beta1'],
  plural: 'ingressroutes',
  namespaced: true,
  custom: true,
  plugin: PLUGIN_ID,
  nameFormat: dns1123Subdomain,
  status: INGRESSROUTE_STATUS,
  // The CRD's schema says all the API server checks; the rest is the processor's, as conditions.
  validation: () => ({ schema: INGRESSROUTE_SCHEMA }),
};

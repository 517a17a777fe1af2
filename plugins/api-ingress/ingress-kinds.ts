import { dns1123Subdomain, kubeSchema, loadBalancerEntry, type Kind, type KindStatus, type LoadBalancerIngress } from '../../core/index.js';
import { validateIngressClass } from './ingress-class-validator.js';
import { validateIngress } from './ingress-validator.js';

export const PLUGIN_ID = 'api-ingress';

/** `status.loadBalancer.ingress`: where clients reach Envoy, written only once an address is known. */
export const INGRESS_STATUS: KindStatus = {
  subresource: true,
  fields: (_status, { addresses }) => (addresses.length > 0 ? { loadBalancer: { ingress: addresses.map(loadBalancerEntry) } } : undefined),
  fingerprint: (status) => JSON.stringify(((status as { loadBalancer?: { ingress?: LoadBalancerIngress[] } } | undefined)?.loadBalancer?.ingress ?? []).map(loadBalancerEntry)),
};

/**
 * Ingress in all three versions: older ones are accepted as written and normalized by the processor, so
 * that both sources deliver the same shapes. A cluster is watched in networking.k8s.io/v1, the only one
 * served since Kubernetes 1.22.
 */
export const INGRESS_KIND: Kind = {
  kind: 'Ingress',
  apiVersions: ['networking.k8s.io/v1', 'networking.k8s.io/v1beta1', 'extensions/v1beta1'],
  plural: 'ingresses',
  namespaced: true,
  plugin: PLUGIN_ID,
  nameFormat: dns1123Subdomain,
  status: INGRESS_STATUS,
  validation: (apiVersion) => ({ schema: kubeSchema(apiVersion, 'Ingress'), check: (obj, issues) => validateIngress(obj, issues, apiVersion) }),
};

export const INGRESS_CLASS_KIND: Kind = {
  kind: 'IngressClass',
  apiVersions: ['networking.k8s.io/v1'],
  plural: 'ingressclasses',
  namespaced: false,
  plugin: PLUGIN_ID,
  nameFormat: dns1123Subdomain,
  watchedWith: (config) => config.sourceK8s.ingressClasses,
  validation: (v) => ({ schema: kubeSchema(v, 'IngressClass'), check: validateIngressClass }),
};

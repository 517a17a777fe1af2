import type { FieldIssues, Obj } from './field-issues.js';
import { dns1035Label, dns1123Subdomain, type FormatCheck } from './formats.js';
import { ENDPOINT_SLICE_FIELDS, ENDPOINTS_FIELDS, validateEndpointSlice, validateEndpoints } from './endpoints-validator.js';
import { INGRESS_CLASS_FIELDS, validateIngressClass } from './ingress-class-validator.js';
import { ingressFields, validateIngress } from './ingress-validator.js';
import { INGRESSROUTE_FIELDS, validateIngressRoute } from './ingressroute-validator.js';
import type { MapShape } from './known-fields.js';
import { SECRET_FIELDS, validateSecret } from './secret-validator.js';
import { SERVICE_FIELDS, validateService } from './service-validator.js';

/** A kind the file source accepts: the versions it serves, its scope, and its structural checks. */
export interface KindRule {
  kind: string;
  apiVersions: readonly string[];
  namespaced: boolean;
  nameFormat: FormatCheck;
  validate?: (obj: Obj, issues: FieldIssues, apiVersion: string) => void;
  /** The kind's own top-level fields and below (apiVersion, kind, metadata and status are common to all). */
  fields: MapShape | ((apiVersion: string) => MapShape);
}

/**
 * The kinds isobar reads. Older Ingress versions are accepted as written: the ingress processor
 * normalizes them, so that both sources deliver the same shapes. IngressRoute gets the checks its CRD schema
 * would give it; its processor judges the rest (services, delegation, fqdn conflicts) as conditions on it.
 */
export const KIND_RULES: readonly KindRule[] = [
  {
    kind: 'Ingress',
    apiVersions: ['networking.k8s.io/v1', 'networking.k8s.io/v1beta1', 'extensions/v1beta1'],
    namespaced: true,
    nameFormat: dns1123Subdomain,
    validate: validateIngress,
    fields: ingressFields,
  },
  { kind: 'IngressClass', apiVersions: ['networking.k8s.io/v1'], namespaced: false, nameFormat: dns1123Subdomain, validate: validateIngressClass, fields: INGRESS_CLASS_FIELDS },
  { kind: 'Service', apiVersions: ['v1'], namespaced: true, nameFormat: dns1035Label, validate: validateService, fields: SERVICE_FIELDS },
  { kind: 'Endpoints', apiVersions: ['v1'], namespaced: true, nameFormat: dns1123Subdomain, validate: validateEndpoints, fields: ENDPOINTS_FIELDS },
  { kind: 'EndpointSlice', apiVersions: ['discovery.k8s.io/v1'], namespaced: true, nameFormat: dns1123Subdomain, validate: validateEndpointSlice, fields: ENDPOINT_SLICE_FIELDS },
  { kind: 'Secret', apiVersions: ['v1'], namespaced: true, nameFormat: dns1123Subdomain, validate: validateSecret, fields: SECRET_FIELDS },
  { kind: 'IngressRoute', apiVersions: ['contour.heptio.com/v1beta1'], namespaced: true, nameFormat: dns1123Subdomain, validate: validateIngressRoute, fields: INGRESSROUTE_FIELDS },
];

const BY_KIND = new Map(KIND_RULES.map((r) => [r.kind, r]));

export function kindRule(kind: string): KindRule | undefined {
  return BY_KIND.get(kind);
}

/** API group of an apiVersion: `networking.k8s.io` for `networking.k8s.io/v1`, '' for the core `v1`. */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

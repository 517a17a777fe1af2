import { dns1035Label, dns1123Subdomain } from '../schema/formats.js';
import { ENDPOINT_SLICE_FIELDS, ENDPOINTS_FIELDS, validateEndpointSlice, validateEndpoints } from './endpoints-validator.js';
import type { Kind } from './kind.js';
import { SECRET_FIELDS, validateSecret } from './secret-validator.js';
import { SERVICE_FIELDS, validateService } from './service-validator.js';

/** The kinds every routing API shares: backends (Service and its endpoints) and certificates (Secret). */
export const SERVICE_KIND: Kind = {
  kind: 'Service',
  apiVersions: ['v1'],
  plural: 'services',
  namespaced: true,
  plugin: 'core',
  nameFormat: dns1035Label,
  validation: () => ({ fields: SERVICE_FIELDS, check: validateService }),
};

/** Read from files only: in a cluster, EndpointSlices carry the same (and Endpoints is deprecated). */
export const ENDPOINTS_KIND: Kind = {
  kind: 'Endpoints',
  apiVersions: ['v1'],
  plural: 'endpoints',
  namespaced: true,
  plugin: 'core',
  nameFormat: dns1123Subdomain,
  watchedWith: () => false,
  validation: () => ({ fields: ENDPOINTS_FIELDS, check: validateEndpoints }),
};

export const ENDPOINT_SLICE_KIND: Kind = {
  kind: 'EndpointSlice',
  apiVersions: ['discovery.k8s.io/v1'],
  plural: 'endpointslices',
  namespaced: true,
  plugin: 'core',
  nameFormat: dns1123Subdomain,
  validation: () => ({ fields: ENDPOINT_SLICE_FIELDS, check: validateEndpointSlice }),
};

export const SECRET_KIND: Kind = {
  kind: 'Secret',
  apiVersions: ['v1'],
  plural: 'secrets',
  namespaced: true,
  plugin: 'core',
  nameFormat: dns1123Subdomain,
  // Only TLS Secrets can serve as certificates; other Secrets never reach isobar's memory.
  fieldSelector: 'type=kubernetes.io/tls',
  validation: () => ({ fields: SECRET_FIELDS, check: validateSecret }),
};

export const CORE_KINDS: readonly Kind[] = [SERVICE_KIND, ENDPOINTS_KIND, ENDPOINT_SLICE_KIND, SECRET_KIND];

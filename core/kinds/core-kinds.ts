import { dns1035Label, dns1123Subdomain } from '../schema/formats.js';
import { validateEndpointSlice, validateEndpoints } from './endpoints-validator.js';
import type { Kind } from './kind.js';
import { kubeSchema } from './kube-schema.js';
import { validateSecret } from './secret-validator.js';
import { validateService } from './service-validator.js';

/** The kinds every routing API shares: backends (Service and its endpoints) and certificates (Secret). */
export const SERVICE_KIND: Kind = {
  kind: 'Service',
  apiVersions: ['v1'],
  plural: 'services',
  namespaced: true,
  plugin: 'core',
  nameFormat: dns1035Label,
  validation: (v) => ({ schema: kubeSchema(v, 'Service'), check: validateService }),
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
  validation: (v) => ({ schema: kubeSchema(v, 'Endpoints'), check: validateEndpoints }),
};

export const ENDPOINT_SLICE_KIND: Kind = {
  kind: 'EndpointSlice',
  apiVersions: ['discovery.k8s.io/v1'],
  plural: 'endpointslices',
  namespaced: true,
  plugin: 'core',
  nameFormat: dns1123Subdomain,
  validation: (v) => ({ schema: kubeSchema(v, 'EndpointSlice'), check: validateEndpointSlice }),
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
  validation: (v) => ({ schema: kubeSchema(v, 'Secret'), check: validateSecret }),
};

export const CORE_KINDS: readonly Kind[] = [SERVICE_KIND, ENDPOINTS_KIND, ENDPOINT_SLICE_KIND, SECRET_KIND];

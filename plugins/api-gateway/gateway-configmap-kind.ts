import { dns1123Subdomain, kubeSchema, type Kind } from '../../core/index.js';
import { PLUGIN_ID } from './gateway-kinds.js';

/** ConfigMaps, for the CA certificates BackendTLSPolicies name (key `ca.crt`). */
export const CONFIG_MAP_KIND: Kind = {
  kind: 'ConfigMap',
  apiVersions: ['v1'],
  plural: 'configmaps',
  namespaced: true,
  plugin: PLUGIN_ID,
  nameFormat: dns1123Subdomain,
  validation: (v) => ({ schema: kubeSchema(v, 'ConfigMap') }),
};

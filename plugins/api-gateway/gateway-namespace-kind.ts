import { dns1123Label, kubeSchema, type Kind } from '../../core/index.js';
import { PLUGIN_ID } from './gateway-kinds.js';

/** Namespaces, for listeners whose allowedRoutes select route namespaces by label. */
export const NAMESPACE_KIND: Kind = {
  kind: 'Namespace',
  apiVersions: ['v1'],
  plural: 'namespaces',
  namespaced: false,
  plugin: PLUGIN_ID,
  nameFormat: dns1123Label,
  validation: (v) => ({ schema: kubeSchema(v, 'Namespace') }),
};

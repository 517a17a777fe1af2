import { ContainerModule } from 'inversify';
import { Lifecycle, Processor, StatusWriter, type PluginDescriptor } from '../../core/index.js';
import { FleetIntents } from './fleet/fleet-intents.js';
import { FleetProvisioner } from './fleet/fleet-provisioner.js';
import { GatewayApiProcessor } from './gateway-api-processor.js';
import { GATEWAY_API_KIND_LIST, PLUGIN_ID } from './gateway-kinds.js';
import { NAMESPACE_KIND } from './gateway-namespace-kind.js';
import { CONFIG_MAP_KIND } from './gateway-configmap-kind.js';

export const plugin: PluginDescriptor = {
  id: PLUGIN_ID,
  kind: 'api',
  description: 'Gateway API (gateway.networking.k8s.io): GatewayClass, Gateway, ListenerSet, HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, ReferenceGrant and BackendTLSPolicy, with status as the spec says',
  kinds: [...GATEWAY_API_KIND_LIST, NAMESPACE_KIND, CONFIG_MAP_KIND],
  // Server-side apply creates what is missing (create) and updates the rest (patch); a Gateway that is no
  // longer isobar's loses its fleet (delete). The xDS client Secret copied is read by name (a Role).
  permissions: (config) =>
    config.gatewayApi.fleets
      ? [
          { group: 'apps', resource: 'deployments', verbs: ['create', 'patch', 'delete'] },
          { group: '', resource: 'services', verbs: ['create', 'patch', 'delete'] },
          { group: '', resource: 'secrets', verbs: ['create', 'patch', 'delete'] },
        ]
      : [],
  module: new ContainerModule(({ bind }) => {
    bind<Processor>(Processor).to(GatewayApiProcessor).inSingletonScope();
    // With gatewayApi.fleets in a cluster: each Gateway's Envoy Deployment and Service (does nothing otherwise).
    bind(FleetIntents).toSelf().inSingletonScope();
    bind(FleetProvisioner).toSelf().inSingletonScope();
    bind<StatusWriter>(StatusWriter).toService(FleetProvisioner);
    bind<Lifecycle>(Lifecycle).toService(FleetProvisioner);
  }),
};

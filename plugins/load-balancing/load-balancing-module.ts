import { ContainerModule } from 'inversify';
import { Feature, type PluginDescriptor } from '../../core/index.js';
import { LoadBalancingFeature } from './load-balancing-feature.js';

export const plugin: PluginDescriptor = {
  id: 'load-balancing',
  kind: 'feature',
  description: 'Weighted services on a route, and the load-balancing strategy of each service (IngressRoute weight, strategy).',
  module: new ContainerModule(({ bind }) => {
    bind(Feature).to(LoadBalancingFeature).inSingletonScope();
  }),
};

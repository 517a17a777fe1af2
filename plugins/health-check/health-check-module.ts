import { ContainerModule } from 'inversify';
import { Feature, type PluginDescriptor } from '../../core/index.js';
import { HealthCheckFeature } from './health-check-feature.js';

export const plugin: PluginDescriptor = {
  id: 'health-check',
  kind: 'feature',
  description: 'HTTP active health checks of the services that ask for them (IngressRoute healthCheck).',
  module: new ContainerModule(({ bind }) => {
    bind(Feature).to(HealthCheckFeature).inSingletonScope();
  }),
};

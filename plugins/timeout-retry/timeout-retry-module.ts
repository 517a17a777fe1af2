import { ContainerModule } from 'inversify';
import { Feature, type PluginDescriptor } from '../../core/index.js';
import { TimeoutRetryFeature } from './timeout-retry-feature.js';

export const plugin: PluginDescriptor = {
  id: 'timeout-retry',
  kind: 'feature',
  description: 'Per-route request timeouts and retries (IngressRoute timeoutPolicy, retryPolicy).',
  module: new ContainerModule(({ bind }) => {
    bind(Feature).to(TimeoutRetryFeature).inSingletonScope();
  }),
};

import { ContainerModule } from 'inversify';
import { Feature, type PluginDescriptor } from '../../core/index.js';
import { PrefixRewriteFeature } from './prefix-rewrite-feature.js';

export const plugin: PluginDescriptor = {
  id: 'prefix-rewrite',
  kind: 'feature',
  description: 'Replaces a route’s matched path prefix before forwarding (IngressRoute prefixRewrite).',
  module: new ContainerModule(({ bind }) => {
    bind(Feature).to(PrefixRewriteFeature).inSingletonScope();
  }),
};

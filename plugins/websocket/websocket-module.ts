import { ContainerModule } from 'inversify';
import { Feature, type PluginDescriptor } from '../../core/index.js';
import { WebsocketFeature } from './websocket-feature.js';

export const plugin: PluginDescriptor = {
  id: 'websocket',
  kind: 'feature',
  description: 'WebSocket upgrades on routes that ask for them (IngressRoute enableWebsockets).',
  module: new ContainerModule(({ bind }) => {
    bind(Feature).to(WebsocketFeature).inSingletonScope();
  }),
};

import { ContainerModule } from 'inversify';
import { Feature, type PluginDescriptor } from '../../core/index.js';
import { TcpProxyFeature } from './tcp-proxy-feature.js';

export const plugin: PluginDescriptor = {
  id: 'tcp-proxy',
  kind: 'feature',
  description: 'TCP proxying behind TLS termination and TLS passthrough by SNI (IngressRoute spec.tcpproxy).',
  module: new ContainerModule(({ bind }) => {
    bind(Feature).to(TcpProxyFeature).inSingletonScope();
  }),
};

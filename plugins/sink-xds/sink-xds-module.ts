import { ContainerModule } from 'inversify';
import { Sink, type PluginDescriptor } from '../../core/index.js';
import { XdsSink } from './xds-sink.js';

export const plugin: PluginDescriptor = {
  id: 'sink-xds',
  kind: 'sink',
  description: 'gRPC xDS server (ADS and per-type services, state of the world and delta) serving the latest snapshot to Envoy and other xDS clients',
  module: new ContainerModule(({ bind }) => {
    bind(XdsSink).toSelf().inSingletonScope();
    // The status endpoint and tests reach the sink through the Sink point; one instance for both bindings.
    bind<Sink>(Sink).toService(XdsSink);
  }),
};

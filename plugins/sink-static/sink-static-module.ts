import { ContainerModule } from 'inversify';
import { Sink, type PluginDescriptor } from '../../core/index.js';
import { FileSink } from './file-sink.js';

/**
 * Envoy without a control plane. Loaded as a plugin it is the file sink (sinkStatic.mode 'files'):
 * lds.json, cds.json and bootstrap.json in sinkStatic.directory. `isobar render` (one static bootstrap)
 * and `isobar bootstrap` use this folder's functions without loading the plugin.
 */
export const plugin: PluginDescriptor = {
  id: 'sink-static',
  kind: 'sink',
  description: 'Envoy config as files: file-based LDS/CDS that Envoy reloads, a static render, the bootstrap',
  module: new ContainerModule(({ bind }) => {
    bind(FileSink).toSelf().inSingletonScope();
    bind<Sink>(Sink).toService(FileSink);
  }),
};

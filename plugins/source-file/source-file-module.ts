import { ContainerModule } from 'inversify';
import { Source, type PluginDescriptor } from '../../core/index.js';
import { FileSource } from './file-source.js';

export const plugin: PluginDescriptor = {
  id: 'source-file',
  kind: 'source',
  description: 'Kubernetes YAML files in a watched directory (sourceFile.directory), for running without a cluster',
  module: new ContainerModule(({ bind }) => {
    bind<Source>(Source).to(FileSource).inSingletonScope();
  }),
};

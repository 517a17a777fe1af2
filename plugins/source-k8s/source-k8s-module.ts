import { ContainerModule } from 'inversify';
import { KubeApi, Leadership, Lifecycle, Source, StatusWriter, type PluginDescriptor } from '../../core/index.js';
import { K8sSource } from './k8s-source.js';
import { KubeConnection } from './kube-connection.js';
import { LeaderElector } from './leader-elector.js';
import { K8sStatusWriter } from './status-writer.js';

export const plugin: PluginDescriptor = {
  id: 'source-k8s',
  kind: 'source',
  description: "Kubernetes API informers for every registered kind (core's and the loaded API plugins'), status write-back and leader election",
  module: new ContainerModule(({ bind }) => {
    bind(KubeConnection).toSelf().inSingletonScope();
    // Other plugins write through the same client (and credentials); the client is made on first use.
    bind<KubeApi>(KubeApi).toDynamicValue((ctx) => {
      const kube = ctx.get(KubeConnection);
      return { request: (method, path, req) => kube.client.request(method, path, req) };
    }).inSingletonScope();
    bind(K8sSource).toSelf().inSingletonScope();
    bind<Source>(Source).toService(K8sSource);
    // The status writer starts the election (only it needs a leader); the elector releases the Lease on stop.
    bind(LeaderElector).toSelf().inSingletonScope();
    bind<Lifecycle>(Lifecycle).toService(LeaderElector);
    bind<Leadership>(Leadership).toService(LeaderElector);
    bind(K8sStatusWriter).toSelf().inSingletonScope();
    bind<StatusWriter>(StatusWriter).toService(K8sStatusWriter);
    bind<Lifecycle>(Lifecycle).toService(K8sStatusWriter);
  }),
};

import { ContainerModule } from 'inversify';
import { Source, type PluginDescriptor } from '../../core/index.js';
import { K8sSource } from './k8s-source.js';
import { KubeConnection } from './kube-connection.js';

export const plugin: PluginDescriptor = {
  id: 'source-k8s',
  kind: 'source',
  description: 'Kubernetes API informers (Ingress, IngressClass, Service, EndpointSlice, TLS Secret, IngressRoute), status write-back and leader election',
  module: new ContainerModule(({ bind }) => {
    bind(KubeConnection).toSelf().inSingletonScope();
    bind(K8sSource).toSelf().inSingletonScope();
    bind<Source>(Source).toService(K8sSource);
  }),
};

import { ContainerModule } from 'inversify';
import { HostClaimer, Processor, type PluginDescriptor } from '../../core/index.js';
import { ingressHostClaimer } from './ingress-host-claimer.js';
import { INGRESS_CLASS_KIND, INGRESS_KIND, PLUGIN_ID } from './ingress-kinds.js';
import { IngressProcessor } from './ingress-processor.js';

export const plugin: PluginDescriptor = {
  id: PLUGIN_ID,
  kind: 'api',
  description: 'Kubernetes Ingress (networking.k8s.io/v1, v1beta1 and extensions/v1beta1) and IngressClass',
  kinds: [INGRESS_KIND, INGRESS_CLASS_KIND],
  module: new ContainerModule(({ bind }) => {
    bind<Processor>(Processor).to(IngressProcessor).inSingletonScope();
    bind<HostClaimer>(HostClaimer).toConstantValue(ingressHostClaimer);
  }),
};

import { ContainerModule } from 'inversify';
import { HostClaimer, Processor, type PluginDescriptor } from '../../core/index.js';
import { IngressRouteHostClaimer } from './ingressroute-host-claimer.js';
import { INGRESSROUTE_KIND, PLUGIN_ID } from './ingressroute-kind.js';
import { IngressRouteProcessor } from './ingressroute-processor.js';

export const plugin: PluginDescriptor = {
  id: PLUGIN_ID,
  kind: 'api',
  description: "The seed articles' IngressRoute (contour.heptio.com/v1beta1): delegation, weighted services, TLS and TCP proxying",
  kinds: [INGRESSROUTE_KIND],
  module: new ContainerModule(({ bind }) => {
    bind<Processor>(Processor).to(IngressRouteProcessor).inSingletonScope();
    bind<HostClaimer>(HostClaimer).to(IngressRouteHostClaimer).inSingletonScope();
  }),
};

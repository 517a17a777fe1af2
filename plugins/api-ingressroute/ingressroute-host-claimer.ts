import { inject, injectable, optional } from 'inversify';
import { ConfigId, INGRESSROUTE_KIND_NAME, type HostClaimer, type IngressRoute, type IsobarConfig, type StoredObject } from '../../core/index.js';
import { rootProblem } from './root-fqdn.js';

/** A root IngressRoute claims its fqdn, unless it may not be a root at all (namespace, fqdn). */
@injectable()
export class IngressRouteHostClaimer implements HostClaimer {
  readonly kind = INGRESSROUTE_KIND_NAME;

  constructor(@inject(ConfigId) @optional() private readonly config?: IsobarConfig) {}

  claims(obj: StoredObject): string[] {
    const route = obj as StoredObject<IngressRoute>;
    const vh = route.object.spec?.virtualhost;
    if (!vh || rootProblem(route, this.config?.ingressRoute.rootNamespaces ?? [])) return [];
    return [vh.fqdn];
  }
}

import { Attributes, rankOf, resolveBackend, type BuildContext, type DagRoute, type DagSecureVirtualHost, type DagVirtualHost, type IngressRoute, type IngressRouteRoute, type RouteAction, type StoredObject, type WeightedBackend } from '../../core/index.js';
import { reportDelegateProblem, resolveDelegate } from './delegation.js';
import { missingFeatures, ROUTE_FEATURE_FIELDS, SERVICE_FEATURE_FIELDS } from './feature-fields.js';

export interface HostTargets {
  plain: DagVirtualHost;
  /** Present when the root terminates TLS: routes go here, and plain HTTP redirects unless permitInsecure. */
  secure?: DagSecureVirtualHost;
}

/**
 * Walks one root's routes and, depth first, the routes of the IngressRoutes it delegates to. An object
 * already invalid adds nothing and its delegates are not followed: the processor walks every tree once
 * to find the errors, then again to serve only what is valid (ingressroute-processor.ts).
 */
export class RouteWalker {
  constructor(
    private readonly ctx: BuildContext,
    private readonly targets: HostTargets,
    private readonly reached: Set<string>,
  ) {}

  /** `prefix`: what the parent delegated ('' for a root); every match below must stay inside it. */
  walk(obj: StoredObject<IngressRoute>, prefix: string, chain: readonly StoredObject[]): void {
    this.ctx.status.touch(obj);
    if (this.ctx.status.isInvalid(obj)) return;
    const routes = obj.object.spec?.routes ?? [];
    if (routes.length === 0 && !obj.object.spec?.tcpproxy) this.ctx.status.warn(obj, 'NoRoutes', 'the IngressRoute has no routes', 'spec.routes');
    routes.forEach((route, i) => this.route(obj, route, `spec.routes[${i}]`, prefix, chain));
  }

  private route(obj: StoredObject<IngressRoute>, route: IngressRouteRoute, field: string, prefix: string, chain: readonly StoredObject[]): void {
    const { status } = this.ctx;
    const match = route.match;
    if (typeof match !== 'string' || !match.startsWith('/')) return status.reject(obj, 'MatchInvalid', `match "${match}" must be a path starting with "/"`, `${field}.match`);
    if (prefix && !match.startsWith(prefix)) {
      return status.reject(obj, 'MatchOutsideDelegation', `match ${match} is outside the prefix ${prefix} delegated to this IngressRoute; route not served`, `${field}.match`);
    }
    if (route.delegate && route.services?.length) {
      return status.reject(obj, 'RouteInvalid', `route ${match}: cannot specify services and delegate in the same route`, field);
    }
    if (route.delegate) {
      const res = resolveDelegate(this.ctx.store, obj, route.delegate, chain);
      if ('problem' in res) return reportDelegateProblem(status, obj, res, `${field}.delegate`, `the prefix ${match}`);
      this.reached.add(res.child.key);
      return void this.ctx.guard(res.child, () => this.walk(res.child, match, [...chain, res.child]));
    }
    for (const [f, feature] of missingFeatures(route, ROUTE_FEATURE_FIELDS, this.ctx.features)) {
      status.warn(obj, 'FeatureDisabled', `${f} needs the "${feature}" plugin, which is not enabled in the config; ignored`, `${field}.${f}`);
    }
    this.add(obj, route, field, this.action(obj, route, field));
  }

  private action(obj: StoredObject<IngressRoute>, route: IngressRouteRoute, field: string): RouteAction {
    const { status, dag, store, features } = this.ctx;
    const services = route.services ?? [];
    if (services.length === 0) {
      status.reject(obj, 'RouteInvalid', 'route has neither services nor a delegate', field);
      return { kind: 'direct', status: 503, body: 'no service\n' };
    }
    const backends: WeightedBackend[] = [];
    services.forEach((svc, j) => {
      const f = `${field}.services[${j}]`;
      if (typeof svc?.name !== 'string' || typeof svc.port !== 'number') return status.reject(obj, 'ServiceInvalid', 'a service needs a name and a numeric port', f);
      for (const [k, feature] of missingFeatures(svc, SERVICE_FEATURE_FIELDS, features)) {
        status.warn(obj, 'FeatureDisabled', `${k} needs the "${feature}" plugin, which is not enabled in the config; ignored`, `${f}.${k}`);
      }
      const origin = { object: obj, field: f, spec: svc as Record<string, unknown> };
      const res = resolveBackend(dag, store, obj.object.metadata.namespace ?? '', svc.name, { number: svc.port }, origin);
      if ('problem' in res) return status.reject(obj, res.reason, res.problem, f);
      backends.push({ cluster: res.cluster, weight: 1, origin });
    });
    return backends.length > 0 ? { kind: 'forward', backends } : { kind: 'direct', status: 503, body: 'service unavailable\n' };
  }

  private add(obj: StoredObject<IngressRoute>, route: IngressRouteRoute, field: string, action: RouteAction): void {
    const make = (a: RouteAction): DagRoute => ({
      match: { kind: 'prefix', path: route.match },
      action: a,
      owner: { kind: obj.object.kind, namespace: obj.object.metadata.namespace ?? '', name: obj.object.metadata.name },
      ownerRank: rankOf(obj),
      ownerField: field,
      origin: { object: obj, field, spec: route as Record<string, unknown> },
      attributes: new Attributes(),
    });
    const { plain, secure } = this.targets;
    if (!secure) return void plain.routes.push(make(action));
    secure.routes.push(make(action));
    plain.routes.push(route.permitInsecure === true ? make(action) : make({ kind: 'redirect-https' }));
  }
}

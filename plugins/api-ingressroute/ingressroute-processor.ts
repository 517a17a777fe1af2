import { inject, injectable, optional } from 'inversify';
import { ConfigId, hostOwnership, INGRESSROUTE_ANNOTATIONS, INGRESSROUTE_KIND_NAME, PROCESSOR_ORDER, reportUnsupportedAnnotations, type BuildContext, type IngressRoute, type IsobarConfig, type Processor, type StoredObject } from '../../core/index.js';
import { reportDelegateProblem, resolveDelegate } from './delegation.js';
import { TCP_PROXY_FEATURE } from './feature-fields.js';
import { RouteWalker, type HostTargets } from './route-walker.js';
import { selectRoots } from './root-selection.js';
import { rootTls } from './root-tls.js';

/**
 * IngressRoute (contour.heptio.com/v1beta1): roots own an fqdn, routes forward to weighted services or
 * delegate a path prefix to IngressRoutes in other namespaces. Every problem is a condition on the
 * object at fault; a child no valid root reaches is orphaned.
 *
 * Validity is Contour's: an IngressRoute with any error is `invalid` and none of it is used (an invalid
 * root serves no virtual host at all; the children only it delegates to are orphaned), never a part of
 * it. Whether an object has an error is only known once every tree that reaches it has been walked (a
 * child may break the prefix of one parent only), so the trees are walked twice: first into a scratch
 * DAG that is thrown away, to collect every condition; then into the real DAG, skipping what is invalid.
 * Conditions recorded twice are recorded once (StatusRecorder), so the second walk only builds.
 */
@injectable()
export class IngressRouteProcessor implements Processor {
  readonly id = 'ingressroute';
  readonly order = PROCESSOR_ORDER.ingressRoute;

  constructor(@inject(ConfigId) @optional() protected readonly config?: IsobarConfig) {}

  run(ctx: BuildContext): void {
    const roots = selectRoots(ctx.store, ctx.status, this.config?.ingressRoute.rootNamespaces ?? [], hostOwnership(ctx));
    const scratch: BuildContext = { ...ctx, dag: ctx.dag.fork() };
    for (const root of roots) ctx.guard(root, () => this.serveRoot(scratch, root, new Set()));
    const reached = new Set<string>();
    for (const root of roots) if (!ctx.status.isInvalid(root)) ctx.guard(root, () => this.serveRoot(ctx, root, reached));
    for (const obj of ctx.store.list<IngressRoute>(INGRESSROUTE_KIND_NAME)) {
      reportUnsupportedAnnotations(ctx.status, obj, INGRESSROUTE_ANNOTATIONS);
      if (obj.object.spec?.virtualhost || reached.has(obj.key)) continue;
      ctx.status.orphan(obj, 'no root IngressRoute delegates to this object, so nothing of it is served');
    }
  }

  private serveRoot(ctx: BuildContext, root: StoredObject<IngressRoute>, reached: Set<string>): void {
    reached.add(root.key);
    const tls = rootTls(ctx, root);
    if (tls === 'invalid') return;
    const fqdn = root.object.spec.virtualhost!.fqdn;
    const targets: HostTargets = { plain: ctx.dag.virtualHost(fqdn), ...(tls.secret ? { secure: ctx.dag.secureVirtualHost(fqdn, tls.secret) } : {}) };
    if (targets.secure && tls.minVersion) targets.secure.minTlsVersion = tls.minVersion;
    new RouteWalker(ctx, targets, reached).walk(root, '', [root]);
    this.tcpProxy(ctx, root, tls.passthrough, reached);
  }

  /**
   * `spec.tcpproxy` (following its delegate chain) becomes the origin of the host's TLS filter chain; the
   * tcp-proxy feature turns it into a TCP proxy. Passthrough hosts exist only for that feature.
   */
  private tcpProxy(ctx: BuildContext, root: StoredObject<IngressRoute>, passthrough: boolean, reached: Set<string>): void {
    if (!root.object.spec.tcpproxy && !passthrough) return;
    if (!ctx.features.has(TCP_PROXY_FEATURE)) {
      ctx.status.warn(root, 'FeatureDisabled', `tcpproxy and TLS passthrough need the "${TCP_PROXY_FEATURE}" plugin, which is not enabled in the config; ignored`, 'spec.tcpproxy');
      return;
    }
    let holder = root;
    let field = 'spec.tcpproxy';
    const chain: StoredObject[] = [root];
    while (holder.object.spec.tcpproxy?.delegate) {
      const res = resolveDelegate(ctx.store, holder, holder.object.spec.tcpproxy.delegate, chain);
      if ('problem' in res) return reportDelegateProblem(ctx.status, holder, res, `${field}.delegate`, 'the TCP proxy');
      reached.add(res.child.key);
      ctx.status.touch(res.child);
      if (ctx.status.isInvalid(res.child)) return;
      chain.push(res.child);
      holder = res.child;
      field = 'spec.tcpproxy';
    }
    const spec = holder.object.spec.tcpproxy;
    if (!spec?.services?.length) {
      return ctx.status.reject(holder, 'TcpProxyInvalid', passthrough && !root.object.spec.tcpproxy ? 'TLS passthrough needs spec.tcpproxy with services' : 'tcpproxy needs services or a delegate', field);
    }
    const fqdn = root.object.spec.virtualhost!.fqdn;
    const vh = ctx.dag.secureVirtualHosts.get(fqdn) ?? ctx.dag.secureVirtualHost(fqdn, undefined);
    vh.origin = { object: holder, field, spec: spec as Record<string, unknown> };
  }
}

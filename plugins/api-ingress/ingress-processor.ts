import { inject, injectable, optional } from 'inversify';
import { annotationField, Attributes, compareStrings, ConfigId, hostConflictMessage, hostOwnership, hostProblem, PROCESSOR_ORDER, rankOf, reportUnsupportedAnnotations, resolveBackend, wildcardAuthorityRegex, type BuildContext, type DagRoute, type DagSecret, type HostOwnership, type Ingress, type IsobarConfig, type PathMatch, type PathRewrite, type Processor, type RouteAction, type StoredObject } from '../../core/index.js';
import { INGRESS_ANNOTATIONS, readIngressAnnotations, type IngressOptions } from './ingress-annotations.js';
import { defaultBackendOf, normalizeBackend } from './ingress-normalizer.js';
import { ingressPathMatch } from './ingress-path.js';
import { ingressTlsHosts } from './ingress-tls.js';

interface IngressScope {
  ctx: BuildContext;
  obj: StoredObject<Ingress>;
  options: IngressOptions;
  tlsHosts: Map<string, DagSecret>;
  rank: string;
}

/** Kubernetes Ingress (v1 and the v1beta1 forms) into virtual hosts and routes. */
@injectable()
export class IngressProcessor implements Processor {
  readonly id = 'ingress';
  readonly order = PROCESSOR_ORDER.ingress;

  constructor(@inject(ConfigId) @optional() protected readonly config?: IsobarConfig) {}

  run(ctx: BuildContext): void {
    // Oldest first: when two Ingresses claim the same host and path, the one that was there first keeps it.
    const ingresses = ctx.store.list<Ingress>('Ingress').sort((a, b) => compareStrings(rankOf(a), rankOf(b)));
    const ownership = hostOwnership(ctx);
    for (const obj of ingresses) ctx.guard(obj, () => this.process(ctx, obj, ownership));
  }

  private process(ctx: BuildContext, obj: StoredObject<Ingress>, ownership: HostOwnership): void {
    ctx.status.touch(obj);
    const { options, problems } = readIngressAnnotations(obj.object);
    for (const p of problems) ctx.status.warn(obj, 'AnnotationInvalid', p.message, annotationField(p.annotation));
    reportUnsupportedAnnotations(ctx.status, obj, INGRESS_ANNOTATIONS);
    const refused = (host: string, field: string, notServed: string): boolean => {
      const owner = ownership.refusal(host, obj.object.metadata.namespace ?? '');
      if (owner) ctx.status.warn(obj, 'HostConflict', hostConflictMessage(host, owner, notServed), field);
      return owner !== undefined;
    };
    const tlsHosts = ingressTlsHosts(obj, ctx.store, ctx.status, (host, field) => refused(host, field, 'this TLS host is not used'));
    const scope: IngressScope = { ctx, obj, options, tlsHosts, rank: rankOf(obj) };
    const spec = obj.object.spec ?? {};
    const hostsWithRules = new Set<string>();

    // Guarded per rule and path, so a fault names the field it came from.
    (spec.rules ?? []).forEach((rule, i) => ctx.guard(obj, () => {
      const host = rule.host ?? '*';
      if (rule.host !== undefined) {
        const bad = hostProblem(rule.host);
        if (bad) return ctx.status.warn(obj, 'HostInvalid', `${bad}; rule ignored`, `spec.rules[${i}].host`);
      }
      if (refused(host, rule.host !== undefined ? `spec.rules[${i}].host` : `spec.rules[${i}]`, 'this rule is not served')) return;
      hostsWithRules.add(host);
      (rule.http?.paths ?? []).forEach((p, j) => {
        const field = `spec.rules[${i}].http.paths[${j}]`;
        ctx.guard(obj, () => {
          const m = ingressPathMatch(p, options.rewriteTarget);
          if ('problem' in m) return ctx.status.warn(obj, 'PathInvalid', `${m.problem}; path ignored`, `${field}.path`);
          const action = this.backendAction(scope, p.backend, `${field}.backend`);
          this.addRoutes(scope, host, m.match, action, field, m.rewrite);
        }, field);
      });
    }, `spec.rules[${i}]`));

    const def = defaultBackendOf(spec);
    if (def) {
      const action = this.backendAction(scope, def.backend, def.field);
      // The default backend takes what no rule matches: on the catch-all host, and on this Ingress's own hosts.
      const catchAll = hostsWithRules.has('*') || !refused('*', def.field, 'the default backend is not served for requests no host matches');
      for (const host of new Set([...(catchAll ? ['*'] : []), ...hostsWithRules])) {
        this.addRoutes(scope, host, { kind: 'prefix', path: '/' }, action, def.field, undefined, true);
      }
    }
    if (!spec.rules?.length && !def) ctx.status.warn(obj, 'NothingToServe', 'the Ingress has neither rules nor a default backend', 'spec');
  }

  private backendAction(scope: IngressScope, backend: Ingress['spec']['defaultBackend'], field: string): RouteAction {
    const { ctx, obj } = scope;
    const b = normalizeBackend(backend);
    const unavailable = (reason: string, message: string): RouteAction => {
      ctx.status.warn(obj, reason, `${message}; requests get 503`, field);
      return { kind: 'direct', status: 503, body: 'service unavailable\n' };
    };
    if (!b) return unavailable('BackendInvalid', 'backend names no service');
    if (b.resourceKind) return unavailable('BackendUnsupported', `resource backends (${b.resourceKind}) are not supported`);
    const svc = b.service!;
    if (svc.port.number === undefined && svc.port.name === undefined) return unavailable('BackendInvalid', `backend for service ${svc.name} names no port`);
    const res = resolveBackend(ctx.dag, ctx.store, obj.object.metadata.namespace ?? '', svc.name, svc.port);
    if ('problem' in res) return unavailable(res.reason, res.problem);
    return { kind: 'forward', backends: [{ cluster: res.cluster, weight: 1 }] };
  }

  /** The route on the plain listener (forward, redirect, or none) and, for a TLS host, on the secure one. */
  private addRoutes(scope: IngressScope, host: string, match: PathMatch, action: RouteAction, field: string, rewrite?: PathRewrite, fallback = false): void {
    const { ctx, obj, options, tlsHosts } = scope;
    const route = (a: RouteAction): DagRoute => {
      const r: DagRoute = { match, action: a, owner: refOf(obj), ownerRank: scope.rank, ownerField: field, attributes: new Attributes() };
      // A default backend takes what the wildcard's one-label rule turns away, too.
      const authority = fallback ? undefined : wildcardAuthorityRegex(host);
      if (authority) r.authorityRegex = authority;
      if (rewrite && a.kind === 'forward') r.rewrite = rewrite;
      if (fallback) r.fallback = true;
      return r;
    };
    const secret = tlsHosts.get(host);
    if (secret) ctx.dag.secureVirtualHost(host, secret).routes.push(route(action));
    if (!options.allowHttp) return;
    const plain = secret && options.forceSslRedirect ? route({ kind: 'redirect-https' }) : route(action);
    ctx.dag.virtualHost(host).routes.push(plain);
  }
}

function refOf(obj: StoredObject): DagRoute['owner'] {
  return { kind: obj.object.kind, namespace: obj.object.metadata.namespace ?? '', name: obj.object.metadata.name };
}

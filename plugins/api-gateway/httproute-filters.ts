import { matchedPrefix, prefixRewrite, type BuildContext, type DagRoute, type HeaderEdits, type RequestMirror, type StoredObject } from '../../core/index.js';
import { resolveBackendRef, type BackendOptions, type BackendProblem } from './backend-refs.js';
import type { HttpHeaderFilter, HttpPathModifier, HttpRouteFilter } from './gateway-types.js';
import { readCorsFilter } from './httproute-cors.js';

/** What a rule's filters make of its routes. */
export interface RuleFilters {
  /** Fields set on every route of the rule. */
  apply(route: DagRoute): void;
  /** A redirect replaces forwarding. */
  redirect?: Extract<DagRoute['action'], { kind: 'redirect' }>;
  /** Backend problems of mirrors, for ResolvedRefs. */
  problems: BackendProblem[];
  /** Filters isobar cannot apply: the rule answers 500 rather than run without them. */
  unsupported: string[];
}

/** The port and scheme a request reached the listener on: where a redirect that names neither sends it. */
export interface ListenerAddress {
  port: number;
  scheme: 'http' | 'https';
}

const WELL_KNOWN = { http: 80, https: 443 } as const;

function headerEdits(f: HttpHeaderFilter | undefined): HeaderEdits {
  return { set: f?.set ?? [], add: f?.add ?? [], remove: f?.remove ?? [] };
}

function pathRewrite(route: DagRoute, path: HttpPathModifier): DagRoute['rewrite'] {
  if (path.type === 'ReplaceFullPath') return { pattern: '^/.*$', substitution: (path.replaceFullPath ?? '/').replaceAll('\\', '\\\\') };
  return prefixRewrite(matchedPrefix(route.match), path.replacePrefixMatch ?? '/');
}

/**
 * Reads a rule's filters (`field`: the rule's), in the order written (a later filter of the same type
 * replaces an earlier one). `backends`: how the route reaches backends (a mirror's TLS; mirrors speak HTTP/1.1).
 */
export function readFilters(ctx: BuildContext, obj: StoredObject, filters: readonly HttpRouteFilter[], listener: ListenerAddress, field: string, backends: BackendOptions = {}): RuleFilters {
  const setters: Array<(r: DagRoute) => void> = [];
  const mirrors: RequestMirror[] = [];
  const out: RuleFilters = { apply: () => undefined, problems: [], unsupported: [] };
  filters.forEach((f, i) => {
    switch (f.type) {
      case 'RequestHeaderModifier':
        setters.push((r) => void (r.requestHeaders = headerEdits(f.requestHeaderModifier)));
        break;
      case 'ResponseHeaderModifier':
        setters.push((r) => void (r.responseHeaders = headerEdits(f.responseHeaderModifier)));
        break;
      case 'RequestRedirect': {
        const rr = f.requestRedirect ?? {};
        const redirect: NonNullable<RuleFilters['redirect']> = { kind: 'redirect', status: rr.statusCode ?? 302 };
        if (rr.scheme) redirect.scheme = rr.scheme;
        if (rr.hostname) redirect.host = rr.hostname;
        // No port written: the scheme's own when the scheme changes, else the listener's (Gateway API's rule).
        // The well-known port of the resulting scheme is left out of Location (Envoy writes any port it is given).
        const scheme = rr.scheme ?? listener.scheme;
        const port = rr.port ?? (rr.scheme ? WELL_KNOWN[rr.scheme] : listener.port);
        if (port !== WELL_KNOWN[scheme]) redirect.port = port;
        if (rr.path?.type === 'ReplaceFullPath') redirect.path = { kind: 'full', value: rr.path.replaceFullPath ?? '/' };
        if (rr.path?.type === 'ReplacePrefixMatch') redirect.path = { kind: 'prefix', value: rr.path.replacePrefixMatch ?? '/' };
        out.redirect = redirect;
        break;
      }
      case 'URLRewrite': {
        const rw = f.urlRewrite ?? {};
        setters.push((r) => {
          if (rw.hostname) r.hostRewrite = rw.hostname;
          if (rw.path) r.rewrite = pathRewrite(r, rw.path);
        });
        break;
      }
      case 'RequestMirror': {
        const m = f.requestMirror;
        if (!m) break;
        const res = resolveBackendRef(ctx, obj, m.backendRef, backends.tlsFor ? { tlsFor: backends.tlsFor } : {});
        if ('problem' in res) {
          out.problems.push(res.problem);
          break;
        }
        // A copy that cannot go out as its policy says is not sent at all.
        if ('refused' in res) break;
        const percent = m.percent ?? (m.fraction ? (100 * m.fraction.numerator) / (m.fraction.denominator ?? 100) : undefined);
        mirrors.push({ cluster: res.cluster, ...(percent !== undefined ? { percent } : {}) });
        break;
      }
      case 'CORS': {
        const { policy, problems } = readCorsFilter(f.cors ?? {});
        for (const p of problems) ctx.status.warn(obj, 'FieldInvalid', p.message, `${field}.filters[${i}].cors.${p.field}`);
        setters.push((r) => void (r.cors = policy));
        break;
      }
      default:
        out.unsupported.push(f.type);
    }
  });
  if (mirrors.length > 0) setters.push((r) => void (r.mirrors = mirrors));
  out.apply = (r) => setters.forEach((s) => s(r));
  return out;
}

import { prefixRewrite, type HTTPIngressPath, type PathMatch, type PathRewrite } from '../../core/index.js';
import { pathTypeOf } from './ingress-normalizer.js';

export type PathResult = { match: PathMatch; rewrite?: PathRewrite } | { problem: string };

const CAPTURE_REF = /\$(\d)/g;

/**
 * How one Ingress path matches, and how `rewrite-target` rewrites it.
 * - Exact: the path exactly. Prefix: whole segments (`/foo` matches `/foo/bar`, not `/foobar`); a
 *   trailing slash is ignored as Kubernetes says. ImplementationSpecific: a plain string prefix.
 * - rewrite-target with `$1`…: the ingress-nginx ≥0.22 form, the path is a regex and the target its
 *   substitution. Without captures: the matched prefix is replaced by the target (the older form, and
 *   the seed article's `/token`).
 */
export function ingressPathMatch(p: HTTPIngressPath, rewriteTarget?: string): PathResult {
  const type = pathTypeOf(p);
  const path = p.path ?? (type === 'ImplementationSpecific' ? '/' : undefined);
  if (path === undefined) return { problem: `pathType ${type} needs a path` };
  if (!path.startsWith('/')) return { problem: `path "${path}" must start with "/"` };

  if (rewriteTarget !== undefined && CAPTURE_REF.test(rewriteTarget) && type === 'ImplementationSpecific') {
    CAPTURE_REF.lastIndex = 0;
    return {
      match: { kind: 'regex', pattern: `${path}.*` },
      rewrite: { pattern: `^${path}`, substitution: rewriteTarget.replace(CAPTURE_REF, '\\$1') },
    };
  }
  CAPTURE_REF.lastIndex = 0;
  if (type !== 'ImplementationSpecific' && /(\/\/|\/\.\.?(\/|$)|%2f)/i.test(path)) {
    return { problem: `path "${path}" must not contain "//", "/./", "/../" or "%2F" for pathType ${type}` };
  }

  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') || '/' : path;
  const match: PathMatch =
    type === 'Exact' ? { kind: 'exact', path } : type === 'Prefix' ? { kind: 'segment-prefix', path: trimmed } : { kind: 'prefix', path };
  if (rewriteTarget === undefined) return { match };
  return { match, rewrite: prefixRewrite(type === 'Exact' ? path : trimmed, rewriteTarget, type === 'Exact') };
}

import { AttributeKey, PROCESSOR_ORDER, prefixRewrite, type BuildContext, type DagRoute, type PathRewrite, type Processor } from '../../core/index.js';

/** How a route's path is rewritten before it goes upstream: the route's match prefix replaced by `prefixRewrite`. */
export const PREFIX_REWRITE = new AttributeKey<PathRewrite>('prefix-rewrite.rewrite');

/** Characters a path replacement must not carry: a query or fragment start, whitespace, controls. */
const NOT_A_PATH = /[?#\s\u0000-\u001f\u007f]/;

/** Why `value` cannot replace a path prefix, or undefined when it can. */
export function prefixRewriteProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/')) return `prefixRewrite must be a path starting with "/", not ${JSON.stringify(value)}; ignored`;
  if (NOT_A_PATH.test(value)) return `prefixRewrite ${JSON.stringify(value)} must be a plain path (no query, fragment, whitespace or control characters); ignored`;
  return undefined;
}

/**
 * Reads `prefixRewrite` from each route's origin (IngressRoute `routes[i]`). IngressRoute matches are plain
 * string prefixes, so the rewrite replaces exactly that prefix; core's prefixRewrite avoids the `//` a
 * naive replacement of `/api` by `/` would leave in `/api/users`.
 */
export class PrefixRewriteProcessor implements Processor {
  readonly id = 'prefix-rewrite';
  readonly order = PROCESSOR_ORDER.features;

  run(ctx: BuildContext): void {
    for (const r of ctx.dag.allRoutes()) ctx.guard(r.owner, () => this.route(ctx, r), r.ownerField);
  }

  private route(ctx: BuildContext, r: DagRoute): void {
    const origin = r.origin;
    const value = origin?.spec.prefixRewrite;
    if (!origin || value === undefined) return;
    // IngressRoute matches are always plain prefixes; nothing else carries prefixRewrite in its origin.
    if (r.match.kind !== 'prefix') return;
    const problem = prefixRewriteProblem(value);
    if (problem === undefined) return r.attributes.set(PREFIX_REWRITE, prefixRewrite(r.match.path, value as string));
    ctx.status.warn(origin.object, 'FieldInvalid', problem, `${origin.field}.prefixRewrite`);
  }
}

import { injectable } from 'inversify';
import { envoy, type DagRoute, type Feature, type TranslatorHooks } from '../../core/index.js';
import { PREFIX_REWRITE, PrefixRewriteProcessor } from './prefix-rewrite-processor.js';

/**
 * IngressRoute `prefixRewrite`: the backend sees the route's match prefix replaced. Envoy's regex_rewrite
 * works on the path only, so the query string reaches the backend untouched.
 */
@injectable()
export class PrefixRewriteFeature implements Feature {
  readonly id = 'prefix-rewrite';
  readonly processor = new PrefixRewriteProcessor();
  readonly hooks: TranslatorHooks = {
    route(route: DagRoute, out: envoy.Route): void {
      const rewrite = route.attributes.get(PREFIX_REWRITE);
      // Redirects and direct responses have no route action: nothing goes upstream to rewrite.
      if (!rewrite || !out.route) return;
      out.route.prefixRewrite = '';
      out.route.regexRewrite = envoy.RouteAction.fromPartial({
        regexRewrite: { pattern: { regex: rewrite.pattern }, substitution: rewrite.substitution },
      }).regexRewrite;
    },
  };
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envoy, type DagRoute } from '../../core/index.js';
import { originRoute, runRouteFeature } from '../../test/fixtures/feature-routes.js';
import { PrefixRewriteFeature } from './prefix-rewrite-feature.js';
import { PREFIX_REWRITE } from './prefix-rewrite-processor.js';

const route = (i: number, match: string, spec: Record<string, unknown> | undefined) => originRoute(i, spec, match);
const run = (plain: DagRoute[], secure: DagRoute[] = []) => runRouteFeature(new PrefixRewriteFeature(), plain, secure);

/**
 * What Envoy's regex_rewrite does to a path (RE2 GlobalReplace; our patterns are anchored, so it replaces
 * once). JS RegExp agrees with RE2 on these patterns; substitutions here carry no backslashes.
 */
function apply(action: envoy.RouteAction, path: string): string {
  const rr = action.regexRewrite;
  return rr ? path.replace(new RegExp(rr.pattern!.regex), rr.substitution) : path;
}

describe('prefix-rewrite feature', () => {
  const cases: Array<[match: string, rewrite: string, path: string, upstream: string]> = [
    ['/api', '/', '/api/users', '/users'],
    ['/api', '/', '/api', '/'],
    ['/api', '/', '/api/', '/'],
    ['/api/', '/', '/api/users', '/users'],
    ['/api', '/v2', '/api/users', '/v2/users'],
    ['/api', '/v2/', '/api/users', '/v2/users'],
    ['/v1/', '/v2/', '/v1/items', '/v2/items'],
    ['/', '/base/', '/x', '/base/x'],
    ['/', '/base', '/x', '/base/x'],
    ['/a.b', '/c', '/a.b/d', '/c/d'],
    ['/a.b', '/c', '/axb/d', '/axb/d'],
  ];
  for (const [match, rewrite, path, upstream] of cases) {
    it(`match ${match}, prefixRewrite ${rewrite}: ${path} → ${upstream}`, () => {
      const { out, conditions } = run([route(0, match, { prefixRewrite: rewrite })]);
      assert.deepEqual(conditions, []);
      assert.equal(out[0]!.prefixRewrite, '');
      assert.equal(apply(out[0]!, path), upstream);
    });
  }

  it('leaves routes without prefixRewrite, or without origin, unrewritten', () => {
    const { out } = run([route(0, '/api', {}), route(1, '/b', undefined)]);
    assert.deepEqual(out.map((a) => a.regexRewrite), [undefined, undefined]);
  });

  const invalid: Array<[string, unknown]> = [
    ['relative', 'api'],
    ['empty', ''],
    ['a number', 5],
    ['a query', '/x?y=1'],
    ['a fragment', '/x#y'],
    ['whitespace', '/x y'],
  ];
  for (const [name, value] of invalid) {
    it(`warns once about ${name} and leaves the route unrewritten`, () => {
      const { out, conditions } = run([route(2, '/api', { prefixRewrite: value })], [route(2, '/api', { prefixRewrite: value })]);
      assert.equal(out[0]!.regexRewrite, undefined);
      assert.deepEqual(conditions.map((c) => [c.reason, c.field]), [['FieldInvalid', 'spec.routes[2].prefixRewrite']]);
    });
  }

  it('leaves a redirect (no route action) alone', () => {
    const r = route(0, '/api', { prefixRewrite: '/' });
    run([r]);
    assert.ok(r.attributes.has(PREFIX_REWRITE));
    const e = envoy.Route.fromPartial({ redirect: { httpsRedirect: true } });
    new PrefixRewriteFeature().hooks.route!(r, e);
    assert.equal(e.route, undefined);
  });
});

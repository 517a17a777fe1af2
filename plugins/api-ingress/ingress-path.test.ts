import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ingressPathMatch } from './ingress-path.js';

/** Applies a rewrite the way Envoy's regex_rewrite does (RE2 replace with \N groups), for checking. */
function rewrite(path: string, pattern: string, substitution: string): string {
  return path.replace(new RegExp(pattern), substitution.replace(/\\(\d)/g, '$$$1').replace(/\\\\/g, '\\'));
}

describe('ingress path rewrite-target', () => {
  const cases: Array<[string, string | undefined, string, string, string]> = [
    // path, pathType, target, request, expected backend path
    ['/token', undefined, '/token', '/token', '/token'],
    ['/api', 'Prefix', '/', '/api/users', '/users'],
    ['/api', 'Prefix', '/v2', '/api/users', '/v2/users'],
    ['/api/', 'Prefix', '/v2/', '/api/users', '/v2/users'],
    ['/', 'Prefix', '/app', '/x', '/app/x'],
    ['/something(/|$)(.*)', 'ImplementationSpecific', '/$2', '/something/new', '/new'],
  ];
  for (const [path, type, target, request, expected] of cases) {
    it(`${path} → ${target}: ${request} becomes ${expected}`, () => {
      const m = ingressPathMatch({ path, ...(type ? { pathType: type as 'Prefix' } : {}), backend: {} }, target);
      assert.ok(!('problem' in m));
      assert.equal(rewrite(request, m.rewrite!.pattern, m.rewrite!.substitution), expected);
    });
  }
});

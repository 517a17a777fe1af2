import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostProblem, wildcardAuthorityRegex } from './host-validation.js';

describe('hostProblem', () => {
  const cases: Array<[string, RegExp | undefined]> = [
    ['foo.example.com', undefined],
    ['*.example.com', undefined],
    [`${'a'.repeat(63)}.example.com`, undefined],
    [`${'a'.repeat(64)}.example.com`, /label longer than 63/],
    ['Foo.example.com', /lower-case DNS name/],
    ['a.b:80', /port/],
    ['10.0.0.1', /IP address/],
    [`${'a.'.repeat(127)}com`, /longer than 253/],
  ];
  for (const [host, want] of cases) {
    it(host.length > 40 ? `${host.slice(0, 40)}… (${host.length})` : host, () => {
      const p = hostProblem(host);
      if (!want) assert.equal(p, undefined);
      else assert.match(p ?? '', want);
    });
  }
});

describe('wildcardAuthorityRegex', () => {
  it('counts the labels after the wildcard, port optional', () => {
    const re = new RegExp(wildcardAuthorityRegex('*.example.com')!);
    for (const ok of ['a.example.com', 'a.example.com:8080']) assert.ok(re.test(ok), ok);
    for (const bad of ['a.b.example.com', 'example.com', '.example.com']) assert.ok(!re.test(bad), bad);
    assert.equal(wildcardAuthorityRegex('example.com'), undefined);
  });
});

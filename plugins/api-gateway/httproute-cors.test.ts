import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { originMatch, readCorsFilter } from './httproute-cors.js';

/** Whether an origin's matcher accepts `value` as Envoy would: exactly, or the RE2 regex in full. */
function accepts(origin: string, value: string): boolean {
  const m = originMatch(origin);
  if (typeof m === 'string') throw new Error(m);
  return m.kind === 'exact' ? m.value === value : new RegExp(`^(?:${m.value})$`).test(value);
}

describe('originMatch', () => {
  it('matches a plain origin exactly, in lower case', () => {
    assert.deepEqual(originMatch('https://www.foo.com'), { kind: 'exact', value: 'https://www.foo.com' });
    assert.deepEqual(originMatch('HTTP://Example.COM:8080'), { kind: 'exact', value: 'http://example.com:8080' });
  });
  it('turns a leading *. into one or more labels, dots included, anchored to the rest', () => {
    assert.deepEqual(originMatch('https://*.bar.com'), { kind: 'regex', value: 'https://[-a-z0-9.]+\\.bar\\.com' });
    for (const yes of ['https://www.bar.com', 'https://xpto.www.bar.com']) assert.ok(accepts('https://*.bar.com', yes), yes);
    for (const no of ['https://bar.com', 'https://foobar.com', 'http://www.bar.com', 'https://www.bar.com:8443', 'https://www.bar.com.evil.io', 'https://evil.io/x.bar.com']) {
      assert.ok(!accepts('https://*.bar.com', no), no);
    }
  });
  it('keeps the port of a wildcard origin', () => {
    assert.ok(accepts('https://*.bar.com:8443', 'https://a.bar.com:8443'));
    assert.ok(!accepts('https://*.bar.com:8443', 'https://a.bar.com'));
  });
  it('reads * as any origin and a * host as any host of the scheme', () => {
    assert.deepEqual(originMatch('*'), { kind: 'regex', value: '.*' });
    assert.ok(accepts('*', 'https://foobar.com:12345'));
    assert.ok(accepts('http://*', 'http://a.b.c'));
    assert.ok(!accepts('http://*', 'https://a.b.c'));
  });
  it('refuses what is not an origin', () => {
    for (const bad of ['ftp://foo.com', 'https://foo.com/path', 'https://a.*.com', 'foo.com', 'https://foo.com:123456', 'https://foo.com:99999', '']) {
      assert.equal(typeof originMatch(bad), 'string', bad);
    }
  });
});

describe('readCorsFilter', () => {
  it('reads every field, with maxAge 5 and no credentials by default', () => {
    assert.deepEqual(readCorsFilter({ allowOrigins: ['https://a.com'], allowMethods: ['GET', 'OPTIONS'] }), {
      policy: { allowOrigins: [{ kind: 'exact', value: 'https://a.com' }], allowMethods: ['GET', 'OPTIONS'], allowHeaders: [], exposeHeaders: [], allowCredentials: false, maxAgeSeconds: 5 },
      problems: [],
    });
    const full = readCorsFilter({ allowOrigins: ['*'], allowMethods: ['*'], allowHeaders: ['x-a'], exposeHeaders: ['x-b', 'x-b'], allowCredentials: true, maxAge: 3600 });
    assert.deepEqual(full.policy, { allowOrigins: [{ kind: 'regex', value: '.*' }], allowMethods: ['*'], allowHeaders: ['x-a'], exposeHeaders: ['x-b'], allowCredentials: true, maxAgeSeconds: 3600 });
  });
  it('leaves out and reports what it cannot use, keeping the rest', () => {
    const { policy, problems } = readCorsFilter({ allowOrigins: ['https://ok.com', 'https://x.com:70000'], allowHeaders: ['x ok', 'x-fine'], maxAge: 0 });
    assert.deepEqual(policy.allowOrigins, [{ kind: 'exact', value: 'https://ok.com' }]);
    assert.deepEqual(policy.allowHeaders, ['x-fine']);
    assert.equal(policy.maxAgeSeconds, 5);
    assert.deepEqual(problems.map((p) => p.field), ['allowOrigins[1]', 'maxAge', 'allowHeaders[0]']);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PathMatch } from '../dag/dag-types.js';
import { selectSameRequests, type RequestSelector } from './match-equivalence.js';

const exact = (path: string): PathMatch => ({ kind: 'exact', path });
const prefix = (path: string): PathMatch => ({ kind: 'prefix', path });
const segment = (path: string): PathMatch => ({ kind: 'segment-prefix', path });
const regex = (pattern: string): PathMatch => ({ kind: 'regex', pattern });
const on = (match: PathMatch, authorityRegex?: string): RequestSelector => ({ match, ...(authorityRegex ? { authorityRegex } : {}) });
const WILD = '^[^.]+\\.example\\.com(:[0-9]+)?$';

describe('selectSameRequests', () => {
  const cases: Array<[string, RequestSelector, RequestSelector, boolean]> = [
    // the takeover of issue 9: Ingress Prefix / against a seed-style (ImplementationSpecific) /
    ['Prefix / ≡ ImplementationSpecific /', on(segment('/')), on(prefix('/')), true],
    ['Prefix /foo/ ≡ Prefix /foo (trailing slash)', on(segment('/foo/')), on(segment('/foo')), true],
    ['Prefix /foo// ≡ Prefix /foo', on(segment('/foo//')), on(segment('/foo')), true],
    ['identical exact paths', on(exact('/a')), on(exact('/a')), true],
    ['identical plain prefixes', on(prefix('/a')), on(prefix('/a')), true],
    ['identical regexes', on(regex('/a[0-9]+')), on(regex('/a[0-9]+')), true],
    ['a regex with redundant anchors ≡ without', on(regex('^/a[0-9]+$')), on(regex('/a[0-9]+')), true],
    ['an escaped $ is not an anchor', on(regex('/a\\$')), on(regex('/a')), false],
    ['an escaped backslash before $ leaves it an anchor', on(regex('/a\\\\$')), on(regex('/a\\\\')), true],
    ['literal .* regex ≡ plain prefix (capturing rewrite-target)', on(regex('/app.*')), on(prefix('/app')), true],
    ['escaped punctuation in the literal', on(regex('^/v1\\.0.*$')), on(prefix('/v1.0')), true],
    ['/.* ≡ prefix /', on(regex('/.*')), on(prefix('/')), true],
    ['.* ≡ Prefix /', on(regex('.*')), on(segment('/')), true],
    ['an unescaped dot is not literal', on(regex('/v1.0.*')), on(prefix('/v1.0')), false],
    ['a class escape is not literal', on(regex('/\\d.*')), on(prefix('/d')), false],
    ['an escaped .* is literal text, not any suffix', on(regex('/a\\.*')), on(prefix('/a')), false],
    ['Prefix /foo is not the string prefix /foo (/foobar)', on(segment('/foo')), on(prefix('/foo')), false],
    ['Prefix /foo is not the string prefix /foo/ (/foo itself)', on(segment('/foo')), on(prefix('/foo/')), false],
    ['exact / is not prefix /', on(exact('/')), on(prefix('/')), false],
    ['exact /a vs a regex matching only /a: not detected', on(exact('/a')), on(regex('/a')), false],
    ['different regexes', on(regex('/a.+')), on(regex('/a.*')), false],
    ['different paths', on(segment('/a')), on(segment('/b')), false],
    ['the same path, one restricted to one wildcard label', on(segment('/'), WILD), on(segment('/')), false],
    ['the same path and the same authority condition', on(segment('/'), WILD), on(prefix('/'), WILD), true],
  ];
  for (const [name, a, b, same] of cases) {
    it(`${name}: ${same ? 'same requests' : 'different requests'}`, () => {
      assert.equal(selectSameRequests(a, b), same);
      assert.equal(selectSameRequests(b, a), same, 'symmetric');
    });
  }
});

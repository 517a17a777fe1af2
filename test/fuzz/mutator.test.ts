import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { createTestPki } from '../e2e/harness/certs.js';
import { HUGE_RETRY_COUNT, REGEX_PATHS, UINT32_MAX } from './attack-values.js';
import { Mutator, rehomed, STORM_NAMESPACES } from './mutator.js';
import { MUTATIONS, type GoodClaim, type MutationKind } from './mutations.js';
import { Prng, fuzzSeed } from './prng.js';
import { seedObjects } from './seed-objects.js';
import { nodesOf, type Tree } from './tree-walk.js';
import { YAML_ATTACKS, type YamlAttackKind } from './yaml-attacks.js';

const { server } = createTestPki(['storm.test']);
const BASES = seedObjects(server);
const CLAIMS: GoodClaim[] = [
  { host: 'a.example.com', path: '/login', pathType: 'Prefix' },
  { host: '', path: '/token', pathType: 'ImplementationSpecific' },
  { host: 'secure.example.com', path: '/', pathType: 'Prefix' },
];

const strings = (o: Tree) => nodesOf(o).filter((n) => typeof n.value === 'string').map((n) => n.value as string);
const depth = (v: unknown): number => (typeof v === 'object' && v !== null ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0);

/** What each kind must visibly have done to the object (beyond differing from its seed). */
const EFFECT: Record<MutationKind, (o: Tree, base: Tree) => boolean> = {
  deleteField: (o, b) => nodesOf(o).length < nodesOf(b).length,
  nullInList: (o) => nodesOf(o).some((n) => Array.isArray(n.value) && n.value.includes(null)),
  scalarTypeSwap: (o, b) => nodesOf(o).length === nodesOf(b).length,
  structuralTypeSwap: (o, b) => JSON.stringify(o) !== JSON.stringify(b),
  outOfRangePort: (o) => nodesOf(o).some((n) => ['port', 'number', 'servicePort'].includes(String(n.key)) && [0, 70000, -1, 1e20].includes(n.value as number)),
  hugeWeight: (o) => nodesOf(o).filter((n) => n.key === 'weight' && n.value === UINT32_MAX).length >= 2,
  hugeRetryCount: (o) => nodesOf(o).some((n) => n.key === 'count' && n.value === HUGE_RETRY_COUNT),
  controlChars: (o) => strings(o).some((s) => /[\r\n\0]/.test(s)),
  badRegex: (o) => strings(o).includes('/$1') && strings(o).some((s) => REGEX_PATHS.some((r) => r.value === s)),
  longHost: (o) => nodesOf(o).some((n) => (n.key === 'host' || n.key === 'fqdn') && typeof n.value === 'string' && (n.value.length > 180 || /[^.]{64}/.test(n.value))),
  takeover: (o) => {
    const hosts = nodesOf(o).filter((n) => n.key === 'host' || n.key === 'fqdn').map((n) => n.value);
    const hostless = nodesOf(o).some((n) => /^spec\.rules\[\d+\]$/.test(n.path) && !('host' in (n.value as Tree)));
    return hosts.some((h) => CLAIMS.some((c) => c.host === h)) || (o.kind === 'Ingress' && hostless);
  },
  unknownField: (o, b) => nodesOf(o).some((n) => typeof n.key === 'string' && n.key.endsWith('z') && !nodesOf(b).some((m) => m.key === n.key)),
  deepNesting: (o) => depth(o) > 200,
};

describe('fuzz mutator', () => {
  it('is deterministic per seed, and another seed gives another storm', () => {
    const a = new Mutator(42, BASES, CLAIMS);
    const b = new Mutator(42, BASES, CLAIMS);
    const c = new Mutator(43, BASES, CLAIMS);
    for (let i = 0; i < 200; i++) {
      assert.deepEqual(a.object(i), b.object(i), `object ${i}`);
      assert.deepEqual(a.attack(i), b.attack(i), `attack ${i}`);
    }
    assert.deepEqual(a.file(10, 8), b.file(10, 8));
    const differ = Array.from({ length: 50 }, (_, i) => a.object(i).text !== c.object(i).text).filter(Boolean).length;
    assert.ok(differ > 40, `only ${differ} of 50 objects differ between seeds 42 and 43`);
  });

  it('reads ISOBAR_FUZZ_SEED to replay, and refuses a malformed one', () => {
    assert.equal(fuzzSeed({ ISOBAR_FUZZ_SEED: '1234' }), 1234);
    assert.throws(() => fuzzSeed({ ISOBAR_FUZZ_SEED: 'abc' }), /ISOBAR_FUZZ_SEED/);
    const fresh = fuzzSeed({});
    assert.ok(Number.isInteger(fresh) && fresh >= 0 && fresh <= 0xffffffff);
    const r = new Prng(7);
    const xs = Array.from({ length: 1000 }, () => r.int(1, 6));
    assert.deepEqual([...new Set(xs)].sort(), [1, 2, 3, 4, 5, 6], 'int() covers its range, both ends included');
  });

  for (const m of MUTATIONS) {
    it(`mutation ${m.kind} applies and does what it says`, () => {
      const mutator = new Mutator(9, BASES, CLAIMS);
      for (let i = 0; i < 25; i++) {
        const doc = mutator.object(i, m.kind);
        assert.equal(doc.mutation, m.kind);
        assert.ok(STORM_NAMESPACES.includes(doc.namespace));
        const o = parse(doc.text, { maxAliasCount: -1 }) as Tree;
        const seed = BASES.find((b) => `${b.kind}/${(b.metadata as Tree).name}` === doc.base)!;
        const base = rehomed(seed, doc.name, doc.namespace);
        assert.notDeepEqual(o, base, `${m.kind} #${i} changed nothing:\n${doc.text}`);
        assert.ok(EFFECT[m.kind](o, base), `${m.kind} #${i} on ${doc.base} does not show its effect:\n${doc.text.slice(0, 2000)}`);
      }
    });
  }

  it('moves every copy to its own host, so only takeover mutations touch good hosts', () => {
    for (const b of BASES) {
      const o = rehomed(b, 'm7', 'storm-a');
      const hosts = nodesOf(o).filter((n) => n.key === 'host' || n.key === 'fqdn' || /\.hosts\[\d+\]$/.test(n.path)).map((n) => n.value);
      assert.ok(hosts.every((h) => h === 'm7.storm.test' || h === '*.m7.storm.test'), `${b.kind}/${(b.metadata as Tree).name}: ${hosts.join(', ')}`);
      assert.deepEqual([(o.metadata as Tree).name, (o.metadata as Tree).namespace], ['m7', 'storm-a']);
    }
  });

  const ATTACK_EFFECT: Record<YamlAttackKind, (text: string) => boolean> = {
    aliasBomb: (text) => {
      const docs = parseAllDocuments(text);
      return docs.every((d) => d.errors.length === 0) && throwsOnExpand(text);
    },
    deepFlow: (text) => /\[{5000}/.test(text),
    brokenYaml: (text) => parseAllDocuments(text).some((d) => d.errors.length > 0),
  };
  for (const kind of YAML_ATTACKS) {
    it(`yaml attack ${kind} is what it says`, () => {
      const mutator = new Mutator(11, BASES, CLAIMS);
      for (let i = 0; i < 30; i++) {
        const doc = mutator.attack(i, kind);
        assert.equal(doc.expect, 'refused');
        assert.ok(ATTACK_EFFECT[kind](doc.text), `${kind} #${i}:\n${doc.text.slice(0, 600)}`);
      }
    });
  }

  it('knows the lines each document of a file occupies', () => {
    const file = new Mutator(5, BASES, CLAIMS).file(0, 12);
    const lines = file.text.split('\n');
    for (const d of file.docs) {
      assert.equal(lines.slice(d.firstLine - 1, d.lastLine).join('\n') + '\n', d.text, `${d.name} at ${d.firstLine}-${d.lastLine}`);
      assert.ok(d.lastLine === lines.length - 1 || lines[d.lastLine] === '---', `${d.name} is followed by a separator`);
    }
    assert.equal(parseAllDocuments(file.text).length, 12);
  });
});

function throwsOnExpand(text: string): boolean {
  try {
    parse(text);
    return false;
  } catch (err) {
    return /alias/i.test((err as Error).message);
  }
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resourceSet, TypeUrl, type NamedResource } from '../../core/index.js';
import {
  changedResources,
  needsFullState,
  nextSubscription,
  responseVersion,
  sameSubscription,
  selectResources,
  withRetained,
  type Subscription,
} from './subscription.js';

const sub = (wildcard: boolean, ...names: string[]): Subscription => ({ wildcard, names: new Set(names) });

describe('nextSubscription', () => {
  const cases: { title: string; type: TypeUrl; previous?: Subscription; names: string[]; want: Subscription }[] = [
    { title: 'first empty CDS request is wildcard', type: TypeUrl.Cluster, names: [], want: sub(true) },
    { title: 'first empty LDS request is wildcard', type: TypeUrl.Listener, names: [], want: sub(true) },
    { title: 'CDS by name', type: TypeUrl.Cluster, names: ['a', 'b'], want: sub(false, 'a', 'b') },
    { title: 'explicit * with names', type: TypeUrl.Listener, names: ['*', 'api'], want: sub(true, 'api') },
    { title: 'legacy wildcard stays while names stay empty', type: TypeUrl.Cluster, previous: sub(true), names: [], want: sub(true) },
    { title: 'named CDS emptied means nothing', type: TypeUrl.Cluster, previous: sub(false, 'a'), names: [], want: sub(false) },
    { title: 'legacy wildcard left by naming', type: TypeUrl.Cluster, previous: sub(true), names: ['a'], want: sub(false, 'a') },
    { title: 'EDS empty is nothing', type: TypeUrl.ClusterLoadAssignment, names: [], want: sub(false) },
    { title: 'EDS * is not a wildcard', type: TypeUrl.ClusterLoadAssignment, names: ['*', 'c'], want: sub(false, 'c') },
    { title: 'RDS by name', type: TypeUrl.RouteConfiguration, names: ['r'], want: sub(false, 'r') },
    { title: 'SDS empty is nothing', type: TypeUrl.Secret, names: [], want: sub(false) },
  ];
  for (const c of cases) {
    it(c.title, () => {
      const got = nextSubscription(c.type, c.previous, c.names);
      assert.equal(got.wildcard, c.want.wildcard);
      assert.deepEqual([...got.names].sort(), [...c.want.names].sort());
    });
  }
});

describe('sameSubscription', () => {
  const cases: [Subscription, Subscription, boolean][] = [
    [sub(true), sub(true), true],
    [sub(true), sub(false), false],
    [sub(false, 'a', 'b'), sub(false, 'b', 'a'), true],
    [sub(false, 'a'), sub(false, 'a', 'b'), false],
    [sub(false, 'a'), sub(false, 'b'), false],
  ];
  for (const [a, b, want] of cases) {
    it(`${JSON.stringify([a.wildcard, [...a.names]])} vs ${JSON.stringify([b.wildcard, [...b.names]])}`, () => {
      assert.equal(sameSubscription(a, b), want);
    });
  }
});

describe('selectResources', () => {
  const any = (s: string) => ({ typeUrl: TypeUrl.Listener, value: Buffer.from(s) });
  const list: NamedResource[] = [
    { name: 'http', resource: any('h') },
    { name: 'https', resource: any('s') },
    { name: 'api', resource: any('a'), explicitOnly: true },
  ];
  const set = resourceSet(list);
  const cases: { title: string; sub: Subscription; want: string[] }[] = [
    { title: 'wildcard gets all but explicit-only', sub: sub(true), want: ['http', 'https'] },
    { title: 'wildcard plus the explicit name', sub: sub(true, 'api'), want: ['api', 'http', 'https'] },
    { title: 'named gets only existing names', sub: sub(false, 'https', 'missing'), want: ['https'] },
    { title: 'explicit-only by name', sub: sub(false, 'api'), want: ['api'] },
    { title: 'nothing asked, nothing given', sub: sub(false), want: [] },
  ];
  for (const c of cases) {
    it(c.title, () => assert.deepEqual(selectResources(set, c.sub).map((r) => r.name), c.want));
  }

  it('yields nothing for a type the snapshot lacks', () => assert.deepEqual(selectResources(undefined, sub(true)), []));
});

describe('responseVersion', () => {
  const any = (s: string) => ({ typeUrl: TypeUrl.Cluster, value: Buffer.from(s) });
  it('equals the set version when everything is sent', () => {
    const set = resourceSet([{ name: 'a', resource: any('1') }, { name: 'b', resource: any('2') }]);
    assert.equal(responseVersion([...set.items.values()]), set.version);
  });
  it('depends on names and content', () => {
    const v = (name: string, body: string) => responseVersion([...resourceSet([{ name, resource: any(body) }]).items.values()]);
    assert.equal(v('a', '1'), v('a', '1'));
    assert.notEqual(v('a', '1'), v('a', '2'));
    assert.notEqual(v('a', '1'), v('b', '1'));
  });
});

describe('needsFullState', () => {
  const cases: [TypeUrl, boolean][] = [
    [TypeUrl.Listener, true],
    [TypeUrl.Cluster, true],
    [TypeUrl.RouteConfiguration, false],
    [TypeUrl.ClusterLoadAssignment, false],
    [TypeUrl.Secret, false],
  ];
  for (const [type, want] of cases) it(`${type.split('.').pop()}: ${want}`, () => assert.equal(needsFullState(type), want));
});

describe('changedResources and withRetained', () => {
  const any = (s: string) => ({ typeUrl: TypeUrl.Cluster, value: Buffer.from(s) });
  const items = (list: [string, string][]) => [...resourceSet(list.map(([name, body]) => ({ name, resource: any(body) }))).items.values()];
  const held = new Map(items([['a', '1'], ['b', '1'], ['gone', '1']]).map((r) => [r.name, r]));

  it('keeps only what the client lacks or holds at another version', () => {
    assert.deepEqual(changedResources(items([['a', '1'], ['b', '2'], ['c', '1']]), held).map((r) => r.name), ['b', 'c']);
  });

  const cases: { title: string; sub: Subscription; want: string[]; retained: number }[] = [
    { title: 'wildcard keeps what the snapshot dropped', sub: sub(true), want: ['a', 'b', 'gone'], retained: 1 },
    { title: 'by name keeps it while still asked for', sub: sub(false, 'a', 'gone'), want: ['a', 'b', 'gone'], retained: 1 },
    { title: 'by name drops what is no longer asked for', sub: sub(false, 'a', 'b'), want: ['a', 'b'], retained: 0 },
  ];
  for (const c of cases) {
    it(c.title, () => {
      const got = withRetained(items([['a', '1'], ['b', '2']]), held, c.sub);
      assert.deepEqual([got.resources.map((r) => r.name), got.retained], [c.want, c.retained]);
    });
  }
});

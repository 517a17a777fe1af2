import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resourceSet, TypeUrl, type NamedResource } from '../../core/index.js';
import { ABSENT, applyDeltaRequest, deltaChanges, openDeltaSubscription, recordSent, type DeltaRequestNames } from './delta-subscription.js';

const req = (subscribe: string[] = [], unsubscribe: string[] = [], initialVersions: Record<string, string> = {}): DeltaRequestNames => ({
  subscribe,
  unsubscribe,
  initialVersions,
});
const any = (s: string) => ({ typeUrl: TypeUrl.Listener, value: Buffer.from(s) });
const list: NamedResource[] = [
  { name: 'http', resource: any('h') },
  { name: 'https', resource: any('s') },
  { name: 'api', resource: any('a'), explicitOnly: true },
];
const set = resourceSet(list);
const v = (name: string) => set.items.get(name)!.version;

describe('openDeltaSubscription', () => {
  const cases: { title: string; type: TypeUrl; request: DeltaRequestNames; wildcard: boolean; names: string[] }[] = [
    { title: 'LDS naming nothing is a wildcard', type: TypeUrl.Listener, request: req(), wildcard: true, names: [] },
    { title: 'CDS "*" plus a name', type: TypeUrl.Cluster, request: req(['*', 'a']), wildcard: true, names: ['a'] },
    { title: 'CDS by name', type: TypeUrl.Cluster, request: req(['a']), wildcard: false, names: ['a'] },
    { title: 'EDS naming nothing is nothing', type: TypeUrl.ClusterLoadAssignment, request: req(), wildcard: false, names: [] },
    { title: 'EDS "*" is not a wildcard', type: TypeUrl.ClusterLoadAssignment, request: req(['*', 'c']), wildcard: false, names: ['c'] },
  ];
  for (const c of cases) {
    it(c.title, () => {
      const sub = openDeltaSubscription(c.type, c.request);
      assert.equal(sub.wildcard, c.wildcard);
      assert.deepEqual([...sub.names].sort(), c.names);
    });
  }

  it('takes what the client holds from initial_resource_versions, for what it subscribes to', () => {
    const named = openDeltaSubscription(TypeUrl.ClusterLoadAssignment, req(['a'], [], { a: '1', stray: '2' }));
    assert.deepEqual([...named.known], [['a', '1']], 'a by-name client holds only what it asks for');
    const wild = openDeltaSubscription(TypeUrl.Cluster, req([], [], { a: '1', b: '2' }));
    assert.deepEqual([...wild.known], [['a', '1'], ['b', '2']]);
  });
});

describe('applyDeltaRequest', () => {
  it('subscribes, unsubscribes, and sends a resubscribed name again', () => {
    const sub = openDeltaSubscription(TypeUrl.ClusterLoadAssignment, req(['a', 'b'], [], { a: '1', b: '2' }));
    applyDeltaRequest(TypeUrl.ClusterLoadAssignment, sub, req(['c'], ['b']));
    assert.deepEqual([...sub.names].sort(), ['a', 'c']);
    assert.deepEqual([...sub.known], [['a', '1']], 'an unsubscribed name is forgotten');
    applyDeltaRequest(TypeUrl.ClusterLoadAssignment, sub, req(['a']));
    assert.equal(sub.known.has('a'), false, 'subscribed again: sent again');
  });

  it('leaves and re-enters the wildcard with "*"', () => {
    const sub = openDeltaSubscription(TypeUrl.Listener, req([], [], { http: '1' }));
    applyDeltaRequest(TypeUrl.Listener, sub, req(['api'], ['*']));
    assert.equal(sub.wildcard, false);
    assert.deepEqual([...sub.known], [], 'what only the wildcard brought is no longer held');
    applyDeltaRequest(TypeUrl.Listener, sub, req(['*']));
    assert.equal(sub.wildcard, true);
  });
});

describe('deltaChanges', () => {
  const names = (c: ReturnType<typeof deltaChanges>) => ({ updated: c.updated.map((r) => r.name), removed: c.removed });
  const cases: { title: string; open: DeltaRequestNames; type?: TypeUrl; want: { updated: string[]; removed: string[] } }[] = [
    { title: 'wildcard gets all but explicit-only', open: req(), want: { updated: ['http', 'https'], removed: [] } },
    { title: 'wildcard plus the explicit-only name', open: req(['*', 'api']), want: { updated: ['api', 'http', 'https'], removed: [] } },
    { title: 'held at the same version: nothing', open: req([], [], { http: v('http'), https: v('https') }), want: { updated: [], removed: [] } },
    { title: 'held at another version: that one', open: req([], [], { http: 'old', https: v('https') }), want: { updated: ['http'], removed: [] } },
    { title: 'held but deleted: removed', open: req([], [], { gone: 'x', http: v('http'), https: v('https') }), want: { updated: [], removed: ['gone'] } },
    { title: 'named, missing: removed so the client stops waiting', open: req(['https', 'missing']), want: { updated: ['https'], removed: ['missing'] } },
    { title: 'explicit-only by name', open: req(['api']), want: { updated: ['api'], removed: [] } },
  ];
  for (const c of cases) {
    it(c.title, () => assert.deepEqual(names(deltaChanges(set, openDeltaSubscription(c.type ?? TypeUrl.Listener, c.open))), c.want));
  }

  it('says nothing twice: what was sent is held, a missing name is known absent until it appears', () => {
    const sub = openDeltaSubscription(TypeUrl.Listener, req(['http', 'missing']));
    recordSent(sub, deltaChanges(set, sub));
    assert.equal(sub.known.get('missing'), ABSENT);
    assert.deepEqual(names(deltaChanges(set, sub)), { updated: [], removed: [] });
    const later = resourceSet([...list, { name: 'missing', resource: any('m') }]);
    assert.deepEqual(names(deltaChanges(later, sub)), { updated: ['missing'], removed: [] });
  });

  it('versions the client’s whole view like state of the world does', () => {
    const sub = openDeltaSubscription(TypeUrl.Listener, req([], [], { http: v('http') }));
    assert.equal(deltaChanges(set, sub).version, resourceSet(list.filter((r) => !r.explicitOnly)).version);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rebuildEndpoints } from '../engine/build.js';
import { fleetBuild, gwIngress, gwService, type FleetBuildSpec } from '../../test/fixtures/fleet-build.js';
import { build } from '../../test/fixtures/build.js';
import { endpoints, storeOf } from '../../test/fixtures/objects.js';
import { label } from '../../test/support/sink-xds/test-snapshots.js';
import { buildSnapshot } from './snapshot-builder.js';
import { DEFAULT_FLEET, fleetView, PUBLISH_ORDER, TypeUrl, type Snapshot } from './snapshot.js';

const A = 'gateway/gw/a';
const B = 'gateway/gw/b';

/** Names per type, with cluster names cut to their service (the hash is not what is tested here). */
function names(s: Snapshot): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const t of PUBLISH_ORDER) {
    const list = [...(s.resources.get(t)?.items.keys() ?? [])].map((n) => (t === TypeUrl.Cluster ? n.slice(0, n.lastIndexOf('/')) : n));
    if (list.length > 0) out[label(t).toLowerCase()] = list;
  }
  return out;
}

function store() {
  return storeOf([
    ...['app', 'a', 'b', 'shared', 'idle'].flatMap((s) => gwService(s)),
    gwIngress('app', 'app.example.com', 'app'),
  ]);
}

const SPEC: FleetBuildSpec = {
  listeners: [
    { name: 'gw-a', fleet: A, port: 9001, hosts: { 'a.example.com': 'a', 'both.example.com': 'shared' } },
    { name: 'gw-b', fleet: B, port: 9002, tls: true, hosts: { 'b.example.com': 'b', 'both.example.com': 'shared' } },
  ],
  unrouted: ['idle'],
};

describe('fleet views', () => {
  const cases: Array<[string, string, Record<string, string[]>]> = [
    [
      'the default fleet: its listeners, and what no named fleet alone needs (an unrouted cluster stays)',
      DEFAULT_FLEET,
      { cds: ['gw/app/http', 'gw/idle/http'], eds: ['gw/app/http', 'gw/idle/http'], lds: ['ingress_http'], rds: ['ingress_http'] },
    ],
    ['a named fleet: its listener, its routes, their clusters and endpoints', A, { cds: ['gw/a/http', 'gw/shared/http'], eds: ['gw/a/http', 'gw/shared/http'], lds: ['gw-a'], rds: ['gw-a'] }],
    [
      'an HTTPS fleet: a route configuration per host and the listener\'s secret',
      B,
      { cds: ['gw/b/http', 'gw/shared/http'], eds: ['gw/b/http', 'gw/shared/http'], sds: ['gw/gw-b-cert'], lds: ['gw-b'], rds: ['gw-b/b.example.com', 'gw-b/both.example.com'] },
    ],
    ['a fleet no listener names: nothing', 'gateway/gw/none', {}],
  ];
  const result = fleetBuild(store(), SPEC);
  for (const [what, fleet, want] of cases) it(what, () => assert.deepEqual(names(fleetView(result.snapshot, fleet)), want));

  it('keeps the full sets in the snapshot, and every resource as it is there', () => {
    const full = result.snapshot;
    assert.deepEqual(names(full).lds, ['gw-a', 'gw-b', 'ingress_http']);
    for (const fleet of [DEFAULT_FLEET, A, B]) {
      const view = fleetView(full, fleet);
      assert.equal(view.fleet, fleet);
      for (const [type, set] of view.resources) for (const [name, r] of set.items) assert.equal(r, full.resources.get(type)!.items.get(name), `${fleet} ${name}`);
    }
  });

  it('is made once per snapshot and fleet; a type a fleet keeps whole is the full set itself', () => {
    const view = fleetView(result.snapshot, A);
    assert.equal(fleetView(result.snapshot, A), view);
    assert.equal(fleetView(view, A), view, 'a view is its own fleet\'s view');
    assert.throws(() => fleetView(view, B), /no view of fleet/);
    const onlyA = fleetBuild(store(), { listeners: [SPEC.listeners[0]!] }).snapshot;
    const dflt = fleetView(onlyA);
    assert.equal(dflt.resources.get(TypeUrl.Secret), onlyA.resources.get(TypeUrl.Secret), 'no secret is A\'s: the default fleet keeps the set');
    assert.notEqual(dflt.resources.get(TypeUrl.Listener), onlyA.resources.get(TypeUrl.Listener));
  });
});

describe('without fleet listeners', () => {
  const result = build(store());

  it('the default fleet is served the snapshot itself, at no cost; other fleets get nothing', () => {
    assert.equal(result.snapshot.fleets, undefined);
    assert.equal(fleetView(result.snapshot), result.snapshot);
    assert.equal(fleetView(result.snapshot, DEFAULT_FLEET), result.snapshot);
    assert.deepEqual(names(fleetView(result.snapshot, A)), {});
  });

  it('the snapshot version is what it was without references (byte-identical versions)', () => {
    assert.equal(buildSnapshot(result.resources).version, result.snapshot.version);
  });
});

describe('fleet view versions', () => {
  const versions = (s: Snapshot) => Object.fromEntries([DEFAULT_FLEET, A, B].map((f) => [f || 'default', fleetView(s, f).version]));

  it('are deterministic: the same input gives the same versions', () => {
    assert.deepEqual(versions(fleetBuild(store(), SPEC).snapshot), versions(fleetBuild(store(), SPEC).snapshot));
  });

  it('change only for the fleet whose view changed', () => {
    const before = versions(fleetBuild(store(), SPEC).snapshot);
    const changed: FleetBuildSpec = { ...SPEC, listeners: [{ ...SPEC.listeners[0]!, hosts: { 'a2.example.com': 'a' } }, SPEC.listeners[1]!] };
    const after = versions(fleetBuild(store(), changed).snapshot);
    assert.notEqual(after[A], before[A]);
    assert.equal(after[B], before[B], 'B has nothing of A');
    assert.equal(after['default'], before['default']);
  });

  it('a listener moving to another fleet changes the snapshot version, even with the same bytes', () => {
    const moved: FleetBuildSpec = { ...SPEC, listeners: [{ ...SPEC.listeners[0]!, fleet: 'gateway/gw/c' }, SPEC.listeners[1]!] };
    const [s1, s2] = [fleetBuild(store(), SPEC).snapshot, fleetBuild(store(), moved).snapshot];
    assert.equal(s2.resources.get(TypeUrl.Listener)!.version, s1.resources.get(TypeUrl.Listener)!.version);
    assert.notEqual(s2.version, s1.version);
    assert.deepEqual(names(fleetView(s2, 'gateway/gw/c')).lds, ['gw-a']);
  });
});

describe('fleet views on the endpoint fast path', () => {
  it('follow an endpoint change where it matters and reuse everything else', () => {
    const s = store();
    const full = fleetBuild(s, SPEC);
    const [a0, b0, d0] = [A, B, DEFAULT_FLEET].map((f) => fleetView(full.snapshot, f));
    s.applyDelta('test', [{ object: endpoints('gw', 'a', '10.0.0.9', [{ name: 'http', port: 8080 }]), origin: { source: 'test' } }], []);
    const next = rebuildEndpoints(full, s, new Set(['gw/a']))!;
    assert.equal(next.snapshot.fleets, full.snapshot.fleets, 'the fleet index is kept');
    const [a1, b1, d1] = [A, B, DEFAULT_FLEET].map((f) => fleetView(next.snapshot, f));
    assert.notEqual(a1.version, a0!.version);
    assert.notEqual(a1.resources.get(TypeUrl.ClusterLoadAssignment)!.version, a0!.resources.get(TypeUrl.ClusterLoadAssignment)!.version);
    assert.equal(b1.version, b0!.version);
    assert.equal(d1.version, d0!.version);
    assert.equal(b1.resources.get(TypeUrl.Listener), b0!.resources.get(TypeUrl.Listener), 'an unchanged type\'s view is reused');
  });
});

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { envoy, PUBLISH_ORDER, TypeUrl } from '../../core/index.js';
import { deltaSummary } from '../../test/support/sink-xds/delta-test-client.js';
import { snapshotOf, type SnapshotSpec } from '../../test/support/sink-xds/test-snapshots.js';
import { waitFor, XdsHarness } from '../../test/support/sink-xds/xds-test-harness.js';

const CDS = TypeUrl.Cluster;
const EDS = TypeUrl.ClusterLoadAssignment;
const LDS = TypeUrl.Listener;

describe('XdsSink delta', () => {
  let h: XdsHarness;
  beforeEach(async () => {
    h = await XdsHarness.start();
  });
  afterEach(async () => {
    await h.stop();
  });

  it('sends nothing before the first snapshot, then everything in publish order with per-resource versions', async () => {
    const c = h.deltaClient('envoy-1');
    c.request(TypeUrl.RouteConfiguration, { subscribe: ['http'] });
    c.request(LDS);
    c.request(TypeUrl.Secret, { subscribe: ['cert'] });
    c.request(EDS, { subscribe: ['a'] });
    c.request(CDS);
    await waitFor(() => Object.keys(h.sink.status().streamDetails[0]?.types ?? {}).length === 5, 'all five subscriptions');
    await c.nothing(200);
    const snap = snapshotOf({ cds: ['a'], eds: ['a'], sds: ['cert'], lds: ['http'], rds: ['http'] });
    h.sink.publish(snap);
    const responses = [];
    for (let i = 0; i < 5; i++) responses.push(await c.next());
    assert.deepEqual(responses.map((r) => r.typeUrl), PUBLISH_ORDER);
    const cds = responses[0]!;
    assert.deepEqual(cds.resources.map((r) => [r.name, r.version]), [['a', snap.resources.get(CDS)!.items.get('a')!.version]]);
    assert.equal(envoy.Cluster.decode(cds.resources[0]!.resource!.value).name, 'a');
    assert.equal(cds.systemVersionInfo, snap.resources.get(CDS)!.version);
    assert.equal(h.sink.status().streamDetails[0]!.protocol, 'delta ADS');
    await c.nothing();
  });

  it('on reconnect sends only what differs from initial_resource_versions, and removes what is gone', async () => {
    const snap = snapshotOf({ cds: ['a', 'b', { name: 'c', tag: 'v2' }] });
    h.sink.publish(snap);
    const held = (name: string) => snap.resources.get(CDS)!.items.get(name)!.version;
    const unchanged = h.deltaClient('unchanged');
    unchanged.request(CDS, { initialVersions: { a: held('a'), b: held('b'), c: held('c') } });
    await unchanged.nothing();

    const behind = h.deltaClient('behind');
    behind.request(CDS, { initialVersions: { a: held('a'), c: 'old', gone: 'x' } });
    assert.deepEqual(deltaSummary(await behind.next()), { updated: ['b', 'c'], removed: ['gone'] });
    await behind.nothing();
  });

  it('tells a wildcard client about deleted resources, and a named one about missing names', async () => {
    h.sink.publish(snapshotOf({ cds: ['a', 'b'], eds: ['a'] }));
    const c = h.deltaClient('envoy-1');
    c.request(CDS);
    c.request(EDS, { subscribe: ['a', 'missing'] });
    const cds = await c.next();
    assert.deepEqual(deltaSummary(cds), { updated: ['a', 'b'], removed: [] });
    const eds = await c.next();
    assert.deepEqual(deltaSummary(eds), { updated: ['a'], removed: ['missing'] });
    c.ack(cds);
    c.ack(eds);
    await c.nothing();

    h.sink.publish(snapshotOf({ cds: ['a'], eds: ['a', 'missing'] }));
    assert.deepEqual(deltaSummary(await c.next()), { updated: [], removed: ['b'] });
    assert.deepEqual(deltaSummary(await c.next()), { updated: ['missing'], removed: [] }, 'a name that appears is sent');
    await c.nothing();
  });

  it('follows subscribe and unsubscribe; a name subscribed again is sent again', async () => {
    h.sink.publish(snapshotOf({ eds: ['a', 'b'] }));
    const c = h.deltaClient('envoy-1');
    c.request(EDS, { subscribe: ['a'] });
    const first = await c.next();
    assert.deepEqual(deltaSummary(first), { updated: ['a'], removed: [] });
    c.request(EDS, { subscribe: ['b'], unsubscribe: ['a'], nonce: first.nonce });
    assert.deepEqual(deltaSummary(await c.next()), { updated: ['b'], removed: [] }, 'only the new name');
    h.sink.publish(snapshotOf({ eds: [{ name: 'a', tag: 'v2' }, 'b'] }));
    await c.nothing(); // "a" changed, but nobody here asks for it any more
    c.request(EDS, { subscribe: ['a'] });
    assert.deepEqual(deltaSummary(await c.next()), { updated: ['a'], removed: [] });
    assert.equal(h.sink.status().streamDetails[0]!.types['EDS']!.names, 2);
  });

  it('serves explicit-only resources to named subscriptions only', async () => {
    const spec: SnapshotSpec = { lds: ['http', { name: 'grpc-api', explicitOnly: true }] };
    h.sink.publish(snapshotOf(spec));
    const wild = h.deltaClient('wild');
    const named = h.deltaClient('named');
    const both = h.deltaClient('both');
    wild.request(LDS);
    named.request(LDS, { subscribe: ['grpc-api'] });
    both.request(LDS, { subscribe: ['*', 'grpc-api'] });
    assert.deepEqual(deltaSummary(await wild.next()), { updated: ['http'], removed: [] });
    assert.deepEqual(deltaSummary(await named.next()), { updated: ['grpc-api'], removed: [] });
    assert.deepEqual(deltaSummary(await both.next()), { updated: ['grpc-api', 'http'], removed: [] });
  });

  it('records ACK and NACK like state of the world, never resends a rejected version, sends the next change', async () => {
    h.sink.publish(snapshotOf({ cds: [{ name: 'a', tag: 'v1' }, 'b'] }));
    const c = h.deltaClient('envoy-1');
    c.request(CDS);
    const good = await c.next();
    c.ack(good);
    await waitFor(() => h.node('envoy-1')?.acked['CDS'] === good.systemVersionInfo, 'the ACK to be recorded');

    h.sink.publish(snapshotOf({ cds: [{ name: 'a', tag: 'v2' }, 'b'] }));
    const bad = await c.next();
    assert.deepEqual(deltaSummary(bad), { updated: ['a'], removed: [] });
    c.nack(bad, 'cluster a: invalid');
    await waitFor(() => h.node('envoy-1')?.nacks === 1, 'the NACK to be recorded');
    const node = h.node('envoy-1')!;
    assert.equal(node.acked['CDS'], good.systemVersionInfo);
    assert.deepEqual([node.lastNack?.type, node.lastNack?.version, node.lastNack?.message], ['CDS', bad.systemVersionInfo, 'cluster a: invalid']);
    assert.equal(h.logged(40, 'NACK').length, 1);
    c.request(CDS, { nonce: bad.nonce }); // a follow-up with the same nonce is not a second NACK
    h.sink.publish(snapshotOf({ cds: [{ name: 'a', tag: 'v2' }, 'b'], eds: ['x'] })); // CDS content unchanged
    await c.nothing();
    assert.equal(h.node('envoy-1')!.nacks, 1);

    h.sink.publish(snapshotOf({ cds: [{ name: 'a', tag: 'v3' }, 'b'] }));
    assert.deepEqual(deltaSummary(await c.next()), { updated: ['a'], removed: [] });
  });

  it('answers a first wildcard request on an empty type, so the client can finish initialising', async () => {
    h.sink.publish(snapshotOf({ eds: ['a'] }));
    const c = h.deltaClient('envoy-1');
    c.request(CDS);
    assert.deepEqual(deltaSummary(await c.next()), { updated: [], removed: [] });
    await c.nothing();
  });

  it('serves one type on a per-type delta stream, with or without type_url, and frees its client on cancel', async () => {
    h.sink.publish(snapshotOf({ cds: ['a'], lds: ['http'] }));
    const c = h.deltaClient('per-type', envoy.ClusterDiscoveryServiceService, 'deltaClusters');
    c.request('');
    const r = await c.next();
    assert.deepEqual([r.typeUrl, ...deltaSummary(r).updated], [CDS, 'a']);
    c.request(LDS);
    await c.nothing();
    assert.deepEqual(h.sink.status().streamDetails.map((s) => s.protocol), ['delta CDS']);
    c.cancel();
    await waitFor(() => h.sink.status().streams === 0, 'the cancelled stream to be freed');
    assert.deepEqual(h.sink.status().nodes, []);
  });
});

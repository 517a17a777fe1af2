import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { TypeUrl } from '../../core/index.js';
import { namesIn, snapshotOf } from '../../test/support/sink-xds/test-snapshots.js';
import { waitFor, XdsHarness } from '../../test/support/sink-xds/xds-test-harness.js';

const CDS = TypeUrl.Cluster;
const EDS = TypeUrl.ClusterLoadAssignment;
const LDS = TypeUrl.Listener;

describe('XdsSink', () => {
  let h: XdsHarness;
  beforeEach(async () => {
    h = await XdsHarness.start();
  });
  afterEach(async () => {
    await h.stop();
  });

  it('listens on the ephemeral port it reports', () => {
    assert.ok(h.sink.port! > 0);
    assert.equal(h.sink.status().port, h.sink.port);
  });

  it('sends nothing before the first publish, then answers the waiting requests', async () => {
    const c = h.client('envoy-1');
    c.request(LDS);
    c.request(CDS);
    await waitFor(() => h.sink.status().streamDetails[0]?.types['CDS'] !== undefined, 'both requests to arrive');
    await c.nothing(300);
    assert.equal(h.sink.status().snapshotVersion, undefined);

    const snap = snapshotOf({ cds: ['a', 'b'], lds: ['http'] });
    h.sink.publish(snap);
    const first = await c.next();
    const second = await c.next();
    assert.deepEqual([first.typeUrl, namesIn(first)], [CDS, ['a', 'b']], 'clusters first, whatever the request order');
    assert.deepEqual([second.typeUrl, namesIn(second)], [LDS, ['http']]);
    assert.equal(h.sink.status().snapshotVersion, snap.version);
  });

  it('derives versions from the content sent and never reuses a nonce', async () => {
    const s1 = snapshotOf({ cds: ['a', 'b'], eds: ['a'] });
    h.sink.publish(s1);
    const wild1 = h.client('wild-1');
    const wild2 = h.client('wild-2');
    const named = h.client('named');
    wild1.request(CDS);
    wild2.request(CDS);
    named.request(CDS, ['a']);
    const [r1, r2, rn] = [await wild1.next(), await wild2.next(), await named.next()];
    assert.equal(r1.versionInfo, r2.versionInfo, 'equal content, equal version');
    assert.equal(r1.versionInfo, s1.resources.get(CDS)!.version, 'everything sent: the set version');
    assert.notEqual(rn.versionInfo, r1.versionInfo, 'a subset is other content');
    wild1.ack(r1);

    // Only EDS changes: nobody subscribed to CDS hears anything.
    h.sink.publish(snapshotOf({ cds: ['a', 'b'], eds: [{ name: 'a', tag: 'v2' }] }));
    await wild1.nothing();

    const s3 = snapshotOf({ cds: ['a', { name: 'b', tag: 'v2' }] });
    h.sink.publish(s3);
    const r3 = await wild1.next();
    assert.notEqual(r3.versionInfo, r1.versionInfo);
    assert.equal(r3.versionInfo, s3.resources.get(CDS)!.version);
    assert.notEqual(r3.nonce, r1.nonce);
    await named.nothing(50); // "a" did not change, so the named client's content did not either
    const nonces = new Set([r1, r3].map((r) => r.nonce));
    assert.equal(nonces.size, 2);
  });

  it('does not answer an ACK', async () => {
    h.sink.publish(snapshotOf({ cds: ['a'] }));
    const c = h.client('envoy-1');
    c.request(CDS);
    const r = await c.next();
    c.ack(r);
    await waitFor(() => h.node('envoy-1')?.acked['CDS'] === r.versionInfo, 'the ACK to be recorded');
    h.sink.publish(snapshotOf({ cds: ['a'] })); // identical content again
    h.sink.publish(snapshotOf({ cds: ['a'], lds: ['l'] })); // other types only
    await c.nothing();
  });

  it('records a NACK, does not resend the rejected version, and sends the next change', async () => {
    h.sink.publish(snapshotOf({ cds: [{ name: 'a', tag: 'v1' }] }));
    const c = h.client('envoy-1');
    c.request(CDS);
    const good = await c.next();
    c.ack(good);
    // Publishing before the ACK lands would make it stale (its nonce superseded), and rightly ignored.
    await waitFor(() => h.node('envoy-1')?.acked['CDS'] === good.versionInfo, 'the ACK to be recorded');
    h.sink.publish(snapshotOf({ cds: [{ name: 'a', tag: 'v2' }] }));
    const bad = await c.next();
    c.nack(bad, [], 'cluster a: invalid alt_stat_name', good.versionInfo);
    await waitFor(() => h.node('envoy-1')?.nacks === 1, 'the NACK to be recorded');

    const node = h.node('envoy-1')!;
    assert.equal(node.acked['CDS'], good.versionInfo, 'the accepted version stays the acked one');
    assert.deepEqual(node.nacksByType, { CDS: 1 });
    assert.equal(node.lastNack?.type, 'CDS');
    assert.equal(node.lastNack?.version, bad.versionInfo);
    assert.equal(node.lastNack?.message, 'cluster a: invalid alt_stat_name');
    assert.ok(Date.now() - Date.parse(node.lastNack!.at) < 10_000);
    assert.equal(h.sink.status().nacksTotal, 1);
    const [warn] = h.logged(40, 'NACK');
    assert.ok(warn, 'a warning is logged');
    assert.deepEqual([warn.node, warn.type, warn.version, warn.message], ['envoy-1', 'CDS', bad.versionInfo, 'cluster a: invalid alt_stat_name']);
    await c.nothing();

    h.sink.publish(snapshotOf({ cds: [{ name: 'a', tag: 'v3' }] }));
    const fixed = await c.next();
    assert.notEqual(fixed.versionInfo, bad.versionInfo);
    assert.deepEqual(namesIn(fixed), ['a']);
  });

  it('ignores a request whose nonce is not the latest', async () => {
    h.sink.publish(snapshotOf({ eds: ['a', 'b'] }));
    const c = h.client('envoy-1');
    c.request(EDS, ['a']);
    const r1 = await c.next();
    h.sink.publish(snapshotOf({ eds: [{ name: 'a', tag: 'v2' }, 'b'] }));
    const r2 = await c.next();
    c.request(EDS, ['a', 'b'], { nonce: r1.nonce, version: r1.versionInfo }); // answers the superseded response
    await c.nothing();
    assert.equal(h.sink.status().streamDetails[0]!.types['EDS']!.names, 1, 'the stale request changed nothing');
    c.ack(r2, ['a', 'b']);
    const r3 = await c.next();
    assert.deepEqual(namesIn(r3), ['b'], 'EDS answers a new name with just that name: the client holds "a"');
  });

  it('ignores unknown types, logging them once at debug', async () => {
    h.sink.publish(snapshotOf({ cds: ['a'] }));
    const c = h.client('envoy-1');
    const unknown = 'type.googleapis.com/envoy.service.runtime.v3.Runtime';
    c.request(unknown);
    c.request(unknown, ['x']);
    c.request(CDS);
    assert.equal((await c.next()).typeUrl, CDS);
    await c.nothing();
    assert.equal(h.logs.filter((l) => l.level === 20 && l.typeUrl === unknown).length, 1);
  });

  it('frees a client’s state when it disconnects, cleanly or not', async () => {
    h.sink.publish(snapshotOf({ cds: ['a'] }));
    const polite = h.client('polite');
    const crashing = h.client('crashing');
    polite.request(CDS);
    crashing.request(CDS);
    await polite.next();
    await crashing.next();
    assert.deepEqual(h.sink.status().nodes.map((n) => [n.id, n.streams]), [['crashing', 1], ['polite', 1]]);

    polite.close();
    await waitFor(() => h.node('polite') === undefined, 'the closed client to be forgotten');
    crashing.cancel();
    await waitFor(() => h.sink.status().streams === 0, 'the cancelled stream to be freed');
    assert.deepEqual(h.sink.status().nodes, []);
    h.sink.publish(snapshotOf({ cds: ['b'] })); // nobody left to push to; must not throw
  });

  it('stop() ends open streams and closes the port', async () => {
    h.sink.publish(snapshotOf({ cds: ['a'] }));
    const c = h.client('envoy-1');
    c.request(CDS);
    await c.next();
    await h.sink.stop();
    const status = await c.finished;
    assert.equal(status.code, 0, 'streams end with OK');
    assert.equal(h.sink.port, undefined);
    assert.equal(h.sink.status().streams, 0);
  });
});

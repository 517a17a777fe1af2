import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TypeUrl } from '../../core/index.js';
import { edsSnapshot, streamFixture } from '../../test/support/sink-xds/ads-stream-fixture.js';

const { Cluster: CDS, ClusterLoadAssignment: EDS, Listener: LDS, RouteConfiguration: RDS } = TypeUrl;

/** A stream that went through Envoy's start-up with clusters a and b, everything ACKed. */
function connected() {
  const f = streamFixture();
  f.publish(edsSnapshot({ clusters: { a: 'v1', b: 'v1' } }));
  f.request(CDS, []);
  f.request(LDS, []);
  f.ack(CDS);
  f.request(EDS, ['a', 'b']);
  f.ack(LDS);
  f.request(RDS, ['http']);
  f.ack(EDS, ['a', 'b']);
  f.ack(RDS, ['http']);
  assert.deepEqual(f.since(0), ['CDS:a,b', 'LDS:http', 'EDS:a,b', 'RDS:http'], 'start-up is not held back');
  return f;
}

describe('make-before-break', () => {
  it('holds routes for a new cluster until CDS is ACKed and its endpoints are sent', () => {
    const f = connected();
    const n = f.sent.length;
    f.publish(edsSnapshot({ clusters: { a: 'v1', b: 'v1', c: 'v1' }, routes: 'to-c' }));
    assert.deepEqual(f.since(n), ['CDS:a,b,c']);
    assert.equal(f.stream.describe().holdingForClusters, true);
    f.ack(CDS);
    assert.deepEqual(f.since(n), ['CDS:a,b,c'], 'the new cluster has no endpoints yet');
    f.request(EDS, ['a', 'b', 'c'], f.last(EDS).nonce); // Envoy asks for the new cluster's endpoints
    assert.deepEqual(f.since(n), ['CDS:a,b,c', 'EDS:c', 'RDS:http']);
    assert.equal(f.stream.describe().holdingForClusters, undefined);
  });

  it('answers a route resubscription made while routes were held once they are released', () => {
    const f = connected();
    const n = f.sent.length;
    f.publish(edsSnapshot({ clusters: { a: 'v1', b: 'v1', c: 'v1' } }));
    f.request(RDS, ['http', 'other'], f.last(RDS).nonce);
    assert.deepEqual(f.since(n), ['CDS:a,b,c'], 'held');
    f.ack(CDS);
    f.request(EDS, ['a', 'b', 'c'], f.last(EDS).nonce);
    assert.deepEqual(f.since(n), ['CDS:a,b,c', 'EDS:c', 'RDS:']);
    assert.equal(f.last(RDS).versionInfo, f.sent[3]!.versionInfo, 'same routes; the answer the client waits for');
  });

  it('replaces a cluster: add, repoint the routes, then remove the old one once the routes are ACKed', () => {
    const f = connected();
    const n = f.sent.length;
    f.publish(edsSnapshot({ clusters: { b: 'v1', c: 'v1' }, routes: 'a-to-c' }));
    assert.deepEqual(f.since(n), ['CDS:a,b,c'], '"a" is kept: the routes still use it');
    f.ack(CDS);
    f.request(EDS, ['a', 'b', 'c'], f.last(EDS).nonce);
    assert.deepEqual(f.since(n), ['CDS:a,b,c', 'EDS:c', 'RDS:http']);
    assert.equal(f.stream.describe().retainingClusters, true);
    f.ack(EDS, ['a', 'b', 'c']);
    assert.deepEqual(f.since(n).length, 3, 'an EDS ACK does not remove anything');
    f.ack(RDS, ['http']);
    assert.deepEqual(f.since(n), ['CDS:a,b,c', 'EDS:c', 'RDS:http', 'CDS:b,c']);
    assert.equal(f.stream.describe().retainingClusters, undefined);
  });

  it('keeps a removed cluster while the new routes are rejected', () => {
    const f = connected();
    const n = f.sent.length;
    f.publish(edsSnapshot({ clusters: { b: 'v1' }, routes: 'bad' }));
    assert.deepEqual(f.since(n), ['RDS:http'], 'no cluster added, so nothing is held; "a" stays');
    f.request(RDS, ['http'], f.last(RDS).nonce, 'route rejected');
    assert.deepEqual(f.since(n), ['RDS:http'], 'neither resent nor followed by the removal');
    f.publish(edsSnapshot({ clusters: { b: 'v1' }, routes: 'good' }));
    f.ack(RDS, ['http']);
    assert.deepEqual(f.since(n), ['RDS:http', 'RDS:http', 'CDS:b']);
  });

  it('removes a cluster at once when listeners and routes do not change', () => {
    const f = connected();
    const n = f.sent.length;
    f.publish(edsSnapshot({ clusters: { a: 'v1' } }));
    assert.deepEqual(f.since(n), ['CDS:a']);
  });

  it('sends the endpoints of a changed cluster again, so it does not stay warming', () => {
    const f = connected();
    const n = f.sent.length;
    f.publish(edsSnapshot({ clusters: { a: 'v2', b: 'v1' } }));
    assert.deepEqual(f.since(n), ['CDS:a,b', 'EDS:a']);
    assert.equal(f.last(EDS).versionInfo, f.sent[2]!.versionInfo, 'same content, same version');
  });

  it('releases the routes when CDS is rejected, rather than holding them forever', async () => {
    const f = connected();
    const n = f.sent.length;
    f.publish(edsSnapshot({ clusters: { a: 'v1', b: 'v1', c: 'v1' }, routes: 'to-c' }));
    f.request(CDS, [], f.last(CDS).nonce, 'cluster c: bad');
    assert.deepEqual(f.since(n), ['CDS:a,b,c', 'RDS:http']);
    assert.match(await f.metrics.text(), /^isobar_xds_nacks_total\{type="cluster"\} 1$/m);
  });

  it('waits for the CDS answer alone when endpoints come over another stream', () => {
    const f = streamFixture();
    f.publish(edsSnapshot({ clusters: { a: 'v1' } }));
    f.request(CDS, []);
    f.request(LDS, []);
    f.ack(CDS);
    f.ack(LDS);
    const n = f.sent.length;
    f.publish(edsSnapshot({ clusters: { a: 'v1', b: 'v1' } }));
    assert.deepEqual(f.since(n), ['CDS:a,b']);
    f.ack(CDS);
    assert.equal(f.stream.describe().holdingForClusters, undefined, 'released: no EDS on this stream to wait for');
  });

  it('sends an endpoint change as the changed assignments only, and a route change as routes only', () => {
    const f = connected();
    const n = f.sent.length;
    f.publish(edsSnapshot({ clusters: { a: 'v1', b: 'v1' }, endpoints: { a: 'v1', b: 'v2' } }));
    assert.deepEqual(f.since(n), ['EDS:b']);
    f.ack(EDS, ['a', 'b']);
    f.publish(edsSnapshot({ clusters: { a: 'v1', b: 'v1' }, endpoints: { a: 'v1', b: 'v2' }, routes: 'v2' }));
    assert.deepEqual(f.since(n), ['EDS:b', 'RDS:http']);
  });
});

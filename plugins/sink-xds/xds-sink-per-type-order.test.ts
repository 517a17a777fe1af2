import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { envoy, TypeUrl } from '../../core/index.js';
import { edsSnapshot } from '../../test/support/sink-xds/ads-stream-fixture.js';
import type { AdsTestClient } from '../../test/support/sink-xds/ads-test-client.js';
import { namesIn } from '../../test/support/sink-xds/test-snapshots.js';
import { waitFor, XdsHarness } from '../../test/support/sink-xds/xds-test-harness.js';

const { Cluster: CDS, ClusterLoadAssignment: EDS, Listener: LDS, RouteConfiguration: RDS } = TypeUrl;

/** Make-before-break across one node's separate per-type streams, as an Envoy with per-type config sources opens them. */
describe('XdsSink per-type streams of one node', () => {
  let h: XdsHarness;
  let cds: AdsTestClient, eds: AdsTestClient, lds: AdsTestClient, rds: AdsTestClient;
  const last = new Map<string, envoy.DiscoveryResponse>();
  const got = async (c: AdsTestClient) => {
    const r = await c.next();
    last.set(r.typeUrl, r);
    return r;
  };

  beforeEach(async () => {
    h = await XdsHarness.start();
    h.sink.publish(edsSnapshot({ clusters: { a: 'v1' } }));
    cds = h.client('envoy-1', envoy.ClusterDiscoveryServiceService, 'streamClusters');
    eds = h.client('envoy-1', envoy.EndpointDiscoveryServiceService, 'streamEndpoints');
    lds = h.client('envoy-1', envoy.ListenerDiscoveryServiceService, 'streamListeners');
    rds = h.client('envoy-1', envoy.RouteDiscoveryServiceService, 'streamRoutes');
    cds.request(CDS);
    cds.ack(await got(cds));
    eds.request(EDS, ['a']);
    eds.ack(await got(eds), ['a']);
    lds.request(LDS);
    lds.ack(await got(lds));
    rds.request(RDS, ['http']);
    rds.ack(await got(rds), ['http']);
    await waitFor(() => h.node('envoy-1')?.acked.RDS === last.get(RDS)!.versionInfo, 'start-up ACKs');
  });
  afterEach(async () => {
    await h.stop();
  });

  it('holds RDS for a new cluster until CDS is ACKed on its stream and the endpoints are sent on theirs', async () => {
    h.sink.publish(edsSnapshot({ clusters: { a: 'v1', c: 'v1' }, routes: 'to-c' }));
    assert.deepEqual(namesIn(await got(cds)), ['a', 'c']);
    await rds.nothing();
    assert.ok(h.sink.status().streamDetails.some((s) => s.protocol === 'RDS' && s.holdingForClusters), 'RDS is held');
    cds.ack(last.get(CDS)!);
    await rds.nothing(); // the ACK alone does not release: c has no endpoints yet
    eds.request(EDS, ['a', 'c'], { nonce: last.get(EDS)!.nonce, version: last.get(EDS)!.versionInfo });
    assert.deepEqual(namesIn(await got(eds)), ['c']);
    const routes = await got(rds);
    assert.deepEqual(namesIn(routes), ['http']);
    assert.equal(envoy.RouteConfiguration.decode(routes.resources[0]!.value).virtualHosts[0]!.name, 'to-c');
    await lds.nothing(100);
  });

  it('keeps a removed cluster in CDS until RDS on another stream has ACKed routes that no longer use it', async () => {
    h.sink.publish(edsSnapshot({ clusters: { c: 'v1' }, routes: 'a-to-c' }));
    assert.deepEqual(namesIn(await got(cds)), ['a', 'c'], '"a" is kept: the routes still use it');
    cds.ack(last.get(CDS)!);
    eds.request(EDS, ['a', 'c'], { nonce: last.get(EDS)!.nonce, version: last.get(EDS)!.versionInfo });
    await got(eds);
    const routes = await got(rds);
    await cds.nothing(100);
    rds.ack(routes, ['http']);
    assert.deepEqual(namesIn(await got(cds)), ['c'], '"a" goes once the new routes are ACKed');
  });

  it('drops the node coordinator with its last stream, and a new one starts afresh', async () => {
    for (const c of [cds, eds, lds, rds]) c.close();
    await waitFor(() => h.node('envoy-1') === undefined, 'the node to be forgotten');
    const again = h.client('envoy-1', envoy.RouteDiscoveryServiceService, 'streamRoutes');
    again.request(RDS, ['http']);
    assert.deepEqual(namesIn(await again.next()), ['http'], 'nothing held from the old streams');
  });
});

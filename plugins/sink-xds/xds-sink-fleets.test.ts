import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { envoy, TypeUrl } from '../../core/index.js';
import { fleetBuild, gwIngress, gwService, type FleetBuildSpec } from '../../test/fixtures/fleet-build.js';
import { storeOf } from '../../test/fixtures/objects.js';
import { deltaSummary } from '../../test/support/sink-xds/delta-test-client.js';
import { namesIn } from '../../test/support/sink-xds/test-snapshots.js';
import { waitFor, XdsHarness } from '../../test/support/sink-xds/xds-test-harness.js';

const { Cluster: CDS, ClusterLoadAssignment: EDS, Listener: LDS, RouteConfiguration: RDS } = TypeUrl;
const A = 'gateway/gw/a';
const B = 'gateway/gw/b';

const SPEC: FleetBuildSpec = {
  listeners: [
    { name: 'gw-a', fleet: A, port: 9001, hosts: { 'a.example.com': 'a' } },
    { name: 'gw-b', fleet: B, port: 9002, hosts: { 'b.example.com': 'b' } },
  ],
};
/** Fleet A's Gateway changes its hosts; nothing of B or of the default fleet changes. */
const A_CHANGED: FleetBuildSpec = { listeners: [{ ...SPEC.listeners[0]!, hosts: { 'a.example.com': 'a', 'a2.example.com': 'a' } }, SPEC.listeners[1]!] };

const store = () => storeOf([...['app', 'a', 'b'].flatMap((s) => gwService(s)), gwIngress('app', 'app.example.com', 'app')]);
const snapshot = (spec: FleetBuildSpec) => fleetBuild(store(), spec).snapshot;
/** Cluster names without their hash: the service port is what these tests are about. */
const services = (names: string[]) => names.map((n) => n.slice(0, n.lastIndexOf('/')));

/** Per fleet: what its Envoys get over LDS and CDS. */
const WANT: Array<[string, string | undefined, string[], string[]]> = [
  ['default', undefined, ['ingress_http'], ['gw/app/http']],
  ['a', A, ['gw-a'], ['gw/a/http']],
  ['b', B, ['gw-b'], ['gw/b/http']],
];

describe('XdsSink fleets', () => {
  let h: XdsHarness;
  beforeEach(async () => {
    h = await XdsHarness.start();
  });
  afterEach(async () => {
    await h.stop();
  });

  it('ADS: each fleet gets its listeners and clusters; a change in one fleet sends nothing to the others', async () => {
    h.sink.publish(snapshot(SPEC));
    const clients = WANT.map(([id, fleet]) => (fleet ? h.client(`envoy-${id}`).withFleet(fleet) : h.client(`envoy-${id}`)));
    for (const [i, [id, , lds, cds]] of WANT.entries()) {
      const c = clients[i]!;
      c.request(CDS);
      const clusters = await c.next();
      assert.deepEqual(services(namesIn(clusters)), cds, id);
      c.ack(clusters);
      c.request(LDS);
      const listeners = await c.next();
      assert.deepEqual(namesIn(listeners), lds, id);
      c.ack(listeners);
    }
    const a = clients[1]!;
    a.request(RDS, ['gw-a', 'gw-b']);
    const routes = await a.next();
    assert.deepEqual(namesIn(routes), ['gw-a'], "fleet B's route is not fleet A's to have");
    a.ack(routes, ['gw-a', 'gw-b']);
    a.request(EDS, ['gw/a/http', 'gw/b/http']);
    assert.deepEqual(namesIn(await a.next()), ['gw/a/http']);
    await Promise.all(clients.map((c) => c.nothing(100)));

    h.sink.publish(snapshot(A_CHANGED));
    const changed = await a.next();
    assert.deepEqual([changed.typeUrl, namesIn(changed)], [RDS, ['gw-a']]);
    await Promise.all([clients[0]!.nothing(), clients[2]!.nothing(), a.nothing()]);
  });

  it('delta ADS: wildcards get the view, and a name outside it is answered as absent', async () => {
    h.sink.publish(snapshot(SPEC));
    const a = h.deltaClient('envoy-a').withFleet(A);
    const b = h.deltaClient('envoy-b').withFleet(B);
    const dflt = h.deltaClient('envoy-default');
    for (const [c, [, , lds, cds]] of [[dflt, WANT[0]!], [a, WANT[1]!], [b, WANT[2]!]] as const) {
      c.request(CDS);
      const clusters = await c.next();
      assert.deepEqual(services(deltaSummary(clusters).updated), cds);
      c.ack(clusters);
      c.request(LDS);
      const listeners = await c.next();
      assert.deepEqual(deltaSummary(listeners), { updated: lds, removed: [] });
      c.ack(listeners);
    }
    a.request(RDS, { subscribe: ['gw-a', 'gw-b'] });
    const routes = await a.next();
    assert.deepEqual(deltaSummary(routes), { updated: ['gw-a'], removed: ['gw-b'] });
    a.ack(routes);

    h.sink.publish(snapshot(A_CHANGED));
    assert.deepEqual(deltaSummary(await a.next()), { updated: ['gw-a'], removed: [] });
    await Promise.all([b.nothing(), dflt.nothing(), a.nothing()]);
  });

  it('per-type streams: CDS and RDS of a fleet, kept apart from another fleet under the same node id', async () => {
    h.sink.publish(snapshot(SPEC));
    const cdsA = h.client('twin', envoy.ClusterDiscoveryServiceService, 'streamClusters').withFleet(A);
    const cdsB = h.client('twin', envoy.ClusterDiscoveryServiceService, 'streamClusters').withFleet(B);
    const rdsA = h.client('twin', envoy.RouteDiscoveryServiceService, 'streamRoutes').withFleet(A);
    cdsA.request(CDS);
    cdsB.request(CDS);
    assert.deepEqual(services(namesIn(await cdsA.next())), ['gw/a/http']);
    assert.deepEqual(services(namesIn(await cdsB.next())), ['gw/b/http']);
    rdsA.request(RDS, ['gw-b']);
    const none = await rdsA.next();
    assert.deepEqual(namesIn(none), [], 'answered, with nothing of fleet B');
    rdsA.ack(none, ['gw-a']);
    assert.deepEqual(namesIn(await rdsA.next()), ['gw-a']);
  });

  it('shows each node\'s fleet on the status, and serves a fleet that is not a string as the default', async () => {
    h.sink.publish(snapshot(SPEC));
    const a = h.client('envoy-a').withFleet(A);
    const odd = h.client('envoy-odd').withFleet(42);
    const plain = h.client('envoy-plain');
    for (const c of [a, odd, plain]) c.request(LDS);
    assert.deepEqual(namesIn(await a.next()), ['gw-a']);
    assert.deepEqual(namesIn(await odd.next()), ['ingress_http']);
    await plain.next();
    const status = h.sink.status();
    assert.deepEqual(
      status.nodes.map((n) => [n.id, n.fleet]),
      [['envoy-a', A], ['envoy-odd', undefined], ['envoy-plain', undefined]],
    );
    assert.deepEqual(status.streamDetails.filter((s) => s.fleet !== undefined).map((s) => [s.node, s.fleet]), [['envoy-a', A]]);
    await waitFor(() => h.logged(40, 'is not a string').length === 1, 'a warning about the odd fleet');
  });
});

import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { buildSnapshot, envoy, packAny, TypeUrl, type NamedResource, type Snapshot } from '../../core/index.js';
import { ClientRegistry } from './client-registry.js';
import { DeltaStream } from './delta-stream.js';
import { capturingLogger } from '../../test/support/sink-xds/xds-test-harness.js';

const { Cluster: CDS, ClusterLoadAssignment: EDS, Listener: LDS, RouteConfiguration: RDS } = TypeUrl;

/** A snapshot with real EDS clusters: `clusters` maps cluster name to the assignment it asks for. */
function snapshot(clusters: Record<string, string>, routeTag = 'v1'): Snapshot {
  const named = <T>(type: string, codec: { encode(m: T): { finish(): Uint8Array } }, name: string, msg: T): NamedResource => ({
    name,
    resource: packAny(type, codec as never, msg),
  });
  const cds = Object.entries(clusters).map(([name, serviceName]) =>
    named('envoy.config.cluster.v3.Cluster', envoy.Cluster, name, envoy.Cluster.fromPartial({ name, type: envoy.Cluster_DiscoveryType.EDS, edsClusterConfig: { serviceName } })),
  );
  const eds = [...new Set(Object.values(clusters))].map((n) =>
    named('envoy.config.endpoint.v3.ClusterLoadAssignment', envoy.ClusterLoadAssignment, n, envoy.ClusterLoadAssignment.fromPartial({ clusterName: n })),
  );
  const lds = [named('envoy.config.listener.v3.Listener', envoy.Listener, 'http', envoy.Listener.fromPartial({ name: 'http' }))];
  const rds = [named('envoy.config.route.v3.RouteConfiguration', envoy.RouteConfiguration, 'http', envoy.RouteConfiguration.fromPartial({ name: 'http', virtualHosts: [{ name: routeTag, domains: ['*'] }] }))];
  return buildSnapshot(new Map([[CDS, cds], [EDS, eds], [LDS, lds], [RDS, rds]]));
}

describe('DeltaStream make-before-break', () => {
  let sent: envoy.DeltaDiscoveryResponse[];
  let latest: Snapshot | undefined;
  let stream: DeltaStream;
  const request = (typeUrl: string, o: Partial<envoy.DeltaDiscoveryRequest> = {}) =>
    stream.onRequest(envoy.DeltaDiscoveryRequest.fromPartial({ typeUrl, node: { id: 'n1' }, ...o }));
  const publish = (s: Snapshot) => {
    latest = s;
    stream.onSnapshot(s);
  };
  const take = () => sent.splice(0).map((r) => `${r.typeUrl.split('.').at(-1)} +${r.resources.map((x) => x.name).join(',')}`);
  const ackAll = (responses: envoy.DeltaDiscoveryResponse[]) => responses.forEach((r) => request(r.typeUrl, { responseNonce: r.nonce }));

  beforeEach(() => {
    sent = [];
    latest = undefined;
    stream = new DeltaStream({ id: 1, snapshots: { latest: () => latest }, registry: new ClientRegistry(), logger: capturingLogger([]), send: (r) => sent.push(r) });
    publish(snapshot({ a: 'ns/a/80' }));
    request(CDS);
    request(EDS, { resourceNamesSubscribe: ['ns/a/80'] });
    request(LDS);
    request(RDS, { resourceNamesSubscribe: ['http'] });
    const initial = [...sent];
    assert.deepEqual(take(), ['Cluster +a', 'ClusterLoadAssignment +ns/a/80', 'Listener +http', 'RouteConfiguration +http']);
    ackAll(initial);
  });

  it('holds routes until a new cluster is ACKed and its endpoints are sent', () => {
    publish(snapshot({ a: 'ns/a/80', b: 'ns/b/80' }, 'v2'));
    const [cds] = [...sent];
    assert.deepEqual(take(), ['Cluster +b'], 'the route that needs "b" waits');
    assert.equal(stream.describe().holdingForClusters, true);
    request(CDS, { responseNonce: cds!.nonce });
    assert.deepEqual(take(), [], 'ACKed, but the endpoints of "b" have not gone out yet');
    request(EDS, { resourceNamesSubscribe: ['ns/b/80'] });
    assert.deepEqual(take(), ['ClusterLoadAssignment +ns/b/80', 'RouteConfiguration +http']);
    assert.equal(stream.describe().holdingForClusters, undefined);
  });

  it('releases routes when the new clusters are rejected', () => {
    publish(snapshot({ a: 'ns/a/80', b: 'ns/b/80' }, 'v2'));
    const [cds] = [...sent];
    take();
    request(CDS, { responseNonce: cds!.nonce, errorDetail: { code: 3, message: 'no', details: [] } });
    assert.deepEqual(take(), ['RouteConfiguration +http']);
  });

  it('sends the endpoints again for a new cluster that shares an assignment the client holds', () => {
    publish(snapshot({ a: 'ns/a/80', 'a-variant': 'ns/a/80' }, 'v2'));
    const [cds] = [...sent];
    assert.deepEqual(take(), ['Cluster +a-variant', 'ClusterLoadAssignment +ns/a/80'], 'no new EDS name to wait for, so it is resent');
    request(CDS, { responseNonce: cds!.nonce });
    assert.deepEqual(take(), ['RouteConfiguration +http']);
  });

  it('does not hold anything for a client that has no listeners or routes yet', () => {
    stream.close();
    stream = new DeltaStream({ id: 2, snapshots: { latest: () => latest }, registry: new ClientRegistry(), logger: capturingLogger([]), send: (r) => sent.push(r) });
    request(CDS);
    request(RDS, { resourceNamesSubscribe: ['http'] });
    assert.deepEqual(take(), ['Cluster +a', 'RouteConfiguration +http']);
  });
});

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { envoy, TypeUrl } from '../../core/index.js';
import { namesIn, snapshotOf, type TypeKey } from '../../test/support/sink-xds/test-snapshots.js';
import { waitFor, XdsHarness } from '../../test/support/sink-xds/xds-test-harness.js';

/** The per-type state-of-the-world services, as an Envoy with lds_config/cds_config (api_type GRPC) uses them. */
const SERVICES: { key: TypeKey; type: TypeUrl; service: object; method: string; names: string[]; want: string[]; label: string }[] = [
  { key: 'cds', type: TypeUrl.Cluster, service: envoy.ClusterDiscoveryServiceService, method: 'streamClusters', names: [], want: ['a', 'b'], label: 'CDS' },
  { key: 'eds', type: TypeUrl.ClusterLoadAssignment, service: envoy.EndpointDiscoveryServiceService, method: 'streamEndpoints', names: ['b'], want: ['b'], label: 'EDS' },
  { key: 'sds', type: TypeUrl.Secret, service: envoy.SecretDiscoveryServiceService, method: 'streamSecrets', names: ['a'], want: ['a'], label: 'SDS' },
  { key: 'lds', type: TypeUrl.Listener, service: envoy.ListenerDiscoveryServiceService, method: 'streamListeners', names: [], want: ['a', 'b'], label: 'LDS' },
  { key: 'rds', type: TypeUrl.RouteConfiguration, service: envoy.RouteDiscoveryServiceService, method: 'streamRoutes', names: ['a'], want: ['a'], label: 'RDS' },
];

describe('XdsSink per-type services', () => {
  let h: XdsHarness;
  beforeEach(async () => {
    h = await XdsHarness.start();
  });
  afterEach(async () => {
    await h.stop();
  });

  for (const s of SERVICES) {
    it(`${s.label}: serves its type, follows changes, ignores other types`, async () => {
      const c = h.client(`envoy-${s.key}`, s.service, s.method);
      c.request(s.type, s.names);
      await waitFor(() => h.sink.status().streamDetails[0]?.types[s.label] !== undefined, 'the request to arrive');
      await c.nothing(100); // nothing before the first snapshot
      h.sink.publish(snapshotOf({ [s.key]: ['a', 'b'], ...(s.key === 'cds' ? {} : { cds: ['other'] }) }));
      const r = await c.next();
      assert.equal(r.typeUrl, s.type);
      assert.deepEqual(namesIn(r), s.want);
      c.ack(r, s.names);
      await waitFor(() => h.node(`envoy-${s.key}`)?.acked[s.label] === r.versionInfo, 'the ACK');
      assert.equal(h.sink.status().streamDetails[0]!.protocol, s.label);

      c.request(s.type === TypeUrl.Cluster ? TypeUrl.Listener : TypeUrl.Cluster, []); // not this service's type
      await c.nothing();
      h.sink.publish(snapshotOf({ [s.key]: s.want.map((name) => ({ name, tag: 'v2' })) }));
      const changed = await c.next();
      assert.equal(changed.typeUrl, s.type);
      assert.notEqual(changed.versionInfo, r.versionInfo);
    });
  }

  it('takes a request without type_url as one for the service’s type', async () => {
    h.sink.publish(snapshotOf({ cds: ['a'] }));
    const c = h.client('envoy-1', envoy.ClusterDiscoveryServiceService, 'streamClusters');
    c.request('');
    const r = await c.next();
    assert.deepEqual([r.typeUrl, namesIn(r)], [TypeUrl.Cluster, ['a']]);
  });

  it('keeps one node entry across its per-type streams, freed when the last one goes', async () => {
    h.sink.publish(snapshotOf({ cds: ['a'], lds: ['l'] }));
    const cds = h.client('envoy-1', envoy.ClusterDiscoveryServiceService, 'streamClusters');
    const lds = h.client('envoy-1', envoy.ListenerDiscoveryServiceService, 'streamListeners');
    cds.request(TypeUrl.Cluster);
    lds.request(TypeUrl.Listener);
    await cds.next();
    await lds.next();
    assert.equal(h.node('envoy-1')?.streams, 2);
    cds.cancel();
    await waitFor(() => h.node('envoy-1')?.streams === 1, 'one stream left');
    lds.close();
    await waitFor(() => h.node('envoy-1') === undefined, 'the node to be forgotten');
  });

  it("warns once when per-type LDS/CDS clients meet xds.configSource 'ads'", async () => {
    h.sink.publish(snapshotOf({ cds: ['a'], lds: ['l'], eds: ['a'] }));
    const eds = h.client('envoy-1', envoy.EndpointDiscoveryServiceService, 'streamEndpoints');
    eds.request(TypeUrl.ClusterLoadAssignment, ['a']);
    await eds.next();
    assert.equal(h.logged(40, 'xds.configSource').length, 0, 'EDS alone says nothing about the bootstrap');
    const cds = h.client('envoy-1', envoy.ClusterDiscoveryServiceService, 'streamClusters');
    const lds = h.deltaClient('envoy-1', envoy.ListenerDiscoveryServiceService, 'deltaListeners');
    cds.request(TypeUrl.Cluster);
    lds.request(TypeUrl.Listener);
    await cds.next();
    await lds.next();
    assert.equal(h.logged(40, "xds.configSource is 'ads'").length, 1);
  });

  it('answers the unary Fetch methods UNIMPLEMENTED', async () => {
    const Client = grpc.makeClientConstructor(envoy.ClusterDiscoveryServiceService as never, 'Cds');
    const client = new Client(`127.0.0.1:${h.sink.port}`, grpc.credentials.createInsecure()) as unknown as {
      fetchClusters(req: envoy.DiscoveryRequest, cb: (err: grpc.ServiceError | null) => void): void;
      close(): void;
    };
    const err = await new Promise<grpc.ServiceError | null>((resolve) => client.fetchClusters(envoy.DiscoveryRequest.fromPartial({}), resolve));
    client.close();
    assert.equal(err?.code, grpc.status.UNIMPLEMENTED);
  });
});

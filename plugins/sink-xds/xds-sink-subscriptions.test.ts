import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { PUBLISH_ORDER, TypeUrl } from '../../core/index.js';
import { namesIn, snapshotOf, TYPE_URL, type SnapshotSpec, type TypeKey } from '../../test/support/sink-xds/test-snapshots.js';
import { waitFor, XdsHarness } from '../../test/support/sink-xds/xds-test-harness.js';

describe('XdsSink subscriptions', () => {
  let h: XdsHarness;
  beforeEach(async () => {
    h = await XdsHarness.start();
  });
  afterEach(async () => {
    await h.stop();
  });

  const spec: SnapshotSpec = {
    cds: ['a', 'b', 'c'],
    eds: ['a', 'b', 'c'],
    lds: ['http', 'https', { name: 'grpc-api', explicitOnly: true }],
    rds: ['http', 'https'],
    sds: ['cert'],
  };
  const cases: { title: string; type: TypeKey; names: string[]; want: string[] }[] = [
    { title: 'CDS with no names is a wildcard', type: 'cds', names: [], want: ['a', 'b', 'c'] },
    { title: 'CDS with "*" is a wildcard', type: 'cds', names: ['*'], want: ['a', 'b', 'c'] },
    { title: 'CDS by name', type: 'cds', names: ['b'], want: ['b'] },
    { title: 'LDS wildcard leaves out explicit-only listeners', type: 'lds', names: [], want: ['http', 'https'] },
    { title: 'LDS explicit-only listener by name', type: 'lds', names: ['grpc-api'], want: ['grpc-api'] },
    { title: 'LDS "*" plus an explicit-only name', type: 'lds', names: ['*', 'grpc-api'], want: ['grpc-api', 'http', 'https'] },
    { title: 'EDS: only requested names that exist', type: 'eds', names: ['c', 'a', 'missing'], want: ['a', 'c'] },
    { title: 'EDS with no names gets an empty set, not everything', type: 'eds', names: [], want: [] },
    { title: 'RDS by name', type: 'rds', names: ['https'], want: ['https'] },
    { title: 'SDS by name', type: 'sds', names: ['cert', 'other'], want: ['cert'] },
  ];
  for (const c of cases) {
    it(c.title, async () => {
      h.sink.publish(snapshotOf(spec));
      const client = h.client('envoy-1');
      client.request(TYPE_URL[c.type], c.names);
      const r = await client.next();
      assert.equal(r.typeUrl, TYPE_URL[c.type]);
      assert.deepEqual(namesIn(r), c.want);
    });
  }

  it('pushes a change touching several types in publish order, and only the types that changed', async () => {
    /** Every resource at `tag`, or only those of the `only` types, the others staying at `rest`. */
    const v = (tag: string, only?: TypeKey[], rest = tag): SnapshotSpec => {
      const t = (k: TypeKey) => (only === undefined || only.includes(k) ? tag : rest);
      return {
        cds: [{ name: 'a', tag: t('cds') }],
        eds: [{ name: 'a', tag: t('eds') }],
        sds: [{ name: 'cert', tag: t('sds') }],
        lds: [{ name: 'http', tag: t('lds') }],
        rds: [{ name: 'http', tag: t('rds') }],
      };
    };
    // What the client asks for again with its ACK: nothing for the wildcard types, the same names otherwise.
    const resubscribe = (r: { typeUrl: string } & Parameters<typeof namesIn>[0]) =>
      r.typeUrl === TypeUrl.Cluster || r.typeUrl === TypeUrl.Listener ? [] : namesIn(r);
    const client = h.client('envoy-1');
    // Asked for in reverse: the answers still come in dependency order.
    client.request(TypeUrl.RouteConfiguration, ['http']);
    client.request(TypeUrl.Listener);
    client.request(TypeUrl.Secret, ['cert']);
    client.request(TypeUrl.ClusterLoadAssignment, ['a']);
    client.request(TypeUrl.Cluster);
    await waitFor(() => Object.keys(h.sink.status().streamDetails[0]?.types ?? {}).length === 5, 'all five subscriptions');
    h.sink.publish(snapshotOf(v('v1')));
    const initial = [];
    for (let i = 0; i < 5; i++) initial.push(await client.next());
    assert.deepEqual(initial.map((r) => r.typeUrl), PUBLISH_ORDER);
    for (const r of initial) client.ack(r, resubscribe(r));
    await waitFor(() => Object.keys(h.node('envoy-1')?.acked ?? {}).length === 5, 'all ACKs');

    h.sink.publish(snapshotOf(v('v2')));
    const all = [];
    for (let i = 0; i < 5; i++) all.push(await client.next());
    assert.deepEqual(all.map((r) => r.typeUrl), PUBLISH_ORDER);
    for (const r of all) client.ack(r, resubscribe(r));
    await client.nothing();

    h.sink.publish(snapshotOf(v('v3', ['rds', 'eds'], 'v2')));
    const some = [await client.next(), await client.next()];
    assert.deepEqual(some.map((r) => r.typeUrl), [TypeUrl.ClusterLoadAssignment, TypeUrl.RouteConfiguration]);
    await client.nothing();
  });

  it('keeps clients independent', async () => {
    h.sink.publish(snapshotOf({ cds: [{ name: 'a', tag: 'v1' }, 'b'] }));
    const wild = h.client('wild');
    const named = h.client('named');
    wild.request(TypeUrl.Cluster);
    named.request(TypeUrl.Cluster, ['b']);
    const w1 = await wild.next();
    const n1 = await named.next();
    assert.deepEqual(namesIn(w1), ['a', 'b']);
    assert.deepEqual(namesIn(n1), ['b']);
    wild.nack(w1, [], 'no thanks');
    named.ack(n1, ['b']);
    await waitFor(() => h.node('wild')?.nacks === 1 && h.node('named')?.acked['CDS'] === n1.versionInfo, 'ACK and NACK');
    assert.equal(h.node('named')!.nacks, 0, "one client's NACK is not another's");
    assert.equal(h.node('wild')!.acked['CDS'], undefined);

    // "a" changes: only the client that sees "a" hears about it.
    h.sink.publish(snapshotOf({ cds: [{ name: 'a', tag: 'v2' }, 'b'] }));
    const w2 = await wild.next();
    assert.notEqual(w2.versionInfo, w1.versionInfo);
    await named.nothing();
  });
});

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Metrics, TypeUrl, type envoy } from '../../core/index.js';
import { AdsTestClient } from '../../test/support/sink-xds/ads-test-client.js';
import { label, namesIn, snapshotOf, type SnapshotSpec } from '../../test/support/sink-xds/test-snapshots.js';
import { capturingLogger, testConfig, waitFor } from '../../test/support/sink-xds/xds-test-harness.js';
import { XdsSink } from './xds-sink.js';
import { eventually } from '../../test/e2e/harness/eventually.js';
import { parseExposition, sampleValue } from '../../test/support/metrics/prometheus-text.js';


/** Responses per type and resources per type, over a slice of what a client received. */
function count(responses: readonly envoy.DiscoveryResponse[]) {
  const out: Record<string, { responses: number; resources: string[] }> = {};
  for (const r of responses) {
    const e = (out[label(r.typeUrl)] ??= { responses: 0, resources: [] });
    e.responses++;
    e.resources.push(...namesIn(r));
  }
  return out;
}

/** What the client subscribes to, as Envoy would repeat it with every ACK (partial responses or not). */
const NAMES: Record<string, string[]> = {
  [TypeUrl.Cluster]: [],
  [TypeUrl.ClusterLoadAssignment]: ['a', 'b'],
  [TypeUrl.Secret]: ['ca', 'cert'],
  [TypeUrl.Listener]: [],
  [TypeUrl.RouteConfiguration]: ['http', 'https'],
};

const spec = (o: { eds?: Record<string, string>; rds?: string; cds?: string; sds?: string } = {}): SnapshotSpec => ({
  cds: [{ name: 'a', tag: o.cds ?? 'v1' }, 'b'],
  eds: Object.entries(o.eds ?? { a: 'v1', b: 'v1' }).map(([name, tag]) => ({ name, tag })),
  sds: [{ name: 'cert', tag: o.sds ?? 'v1' }, 'ca'],
  lds: ['http', 'https'],
  rds: [{ name: 'http', tag: o.rds ?? 'v1' }, 'https'],
});

describe('XdsSink sends only what changed', () => {
  let sink: XdsSink;
  let metrics: Metrics;
  let client: AdsTestClient;
  beforeEach(async () => {
    metrics = new Metrics();
    sink = new XdsSink(testConfig, capturingLogger([]), metrics);
    await sink.start();
    client = new AdsTestClient(sink.port!, 'envoy-1');
  });
  afterEach(async () => {
    client.close();
    await sink.stop();
  });

  /** Subscribes like Envoy and ACKs the five initial responses. */
  async function start(): Promise<void> {
    sink.publish(snapshotOf(spec()));
    for (const [typeUrl, names] of Object.entries(NAMES)) client.request(typeUrl, names);
    for (let i = 0; i < 5; i++) {
      const r = await client.next();
      client.ack(r, NAMES[r.typeUrl]);
    }
    await waitFor(() => Object.keys(sink.status().nodes[0]?.acked ?? {}).length === 5, 'five ACKs');
  }

  /** Publishes, waits for `expected` responses, ACKs them, and checks nothing else comes. */
  async function change(s: SnapshotSpec, expected: number) {
    const from = client.received.length;
    sink.publish(snapshotOf(s));
    for (let i = 0; i < expected; i++) {
      const r = await client.next();
      client.ack(r, NAMES[r.typeUrl]);
    }
    await client.nothing(200);
    return count(client.received.slice(from));
  }

  it('answers an endpoint change with the changed assignment alone', async () => {
    await start();
    assert.deepEqual(await change(spec({ eds: { a: 'v1', b: 'v2' } }), 1), { EDS: { responses: 1, resources: ['b'] } });
  });

  it('answers a route change with the changed route configuration alone, never listeners', async () => {
    await start();
    assert.deepEqual(await change(spec({ rds: 'v2' }), 1), { RDS: { responses: 1, resources: ['http'] } });
  });

  it('answers a secret change with that secret alone', async () => {
    await start();
    assert.deepEqual(await change(spec({ sds: 'v2' }), 1), { SDS: { responses: 1, resources: ['cert'] } });
  });

  it('sends every cluster when one changes (CDS is state of the world), and nothing else', async () => {
    await start();
    assert.deepEqual(await change(spec({ cds: 'v2' }), 1), { CDS: { responses: 1, resources: ['a', 'b'] } });
  });

  it('counts responses, resources, bytes, NACKs and streams in the metrics', async () => {
    const before = parseExposition(await metrics.text());
    for (const type of ['cluster', 'endpoint', 'secret', 'listener', 'route']) {
      assert.equal(sampleValue(before, 'isobar_xds_pushes_total', { type }), 0, `${type} pushes start at 0`);
      assert.equal(sampleValue(before, 'isobar_xds_nacks_total', { type }), 0, `${type} NACKs start at 0`);
    }
    await start();
    const scrape = async () => parseExposition(await metrics.text());
    let exp = await scrape();
    assert.equal(sampleValue(exp, 'isobar_xds_streams'), 1);
    assert.equal(sampleValue(exp, 'isobar_xds_connected_clients'), 1);
    for (const type of ['cluster', 'endpoint', 'secret', 'listener', 'route']) assert.equal(sampleValue(exp, 'isobar_xds_pushes_total', { type }), 1, type);
    assert.equal(sampleValue(exp, 'isobar_xds_resources_sent_total', { type: 'endpoint' }), 2);
    assert.ok(sampleValue(exp, 'isobar_xds_bytes_sent_total', { type: 'endpoint' }) > 0);

    const from = client.received.length;
    sink.publish(snapshotOf(spec({ eds: { a: 'v1', b: 'v2' } })));
    const bad = await client.next();
    client.nack(bad, ['a', 'b'], 'endpoints rejected');
    await eventually(async () => assert.equal(sampleValue(await scrape(), 'isobar_xds_nacks_total', { type: 'endpoint' }), 1, 'the NACK metric'));
    await client.nothing(200);
    assert.equal(client.received.length, from + 1, 'the rejected version is not resent');
    exp = await scrape();
    assert.equal(sampleValue(exp, 'isobar_xds_pushes_total', { type: 'endpoint' }), 2);
    assert.equal(sampleValue(exp, 'isobar_xds_resources_sent_total', { type: 'endpoint' }), 3);
    assert.equal(sink.status().nodes[0]?.lastNack?.message, 'endpoints rejected');

    const fixed = await change(spec({ eds: { a: 'v1', b: 'v3' } }), 1);
    assert.deepEqual(fixed, { EDS: { responses: 1, resources: ['b'] } }, 'the next good change goes through');
    client.close();
    await eventually(async () => assert.equal(sampleValue(await scrape(), 'isobar_xds_streams'), 0, 'the stream gauge to drop'));
    assert.equal(sampleValue(await scrape(), 'isobar_xds_connected_clients'), 0);
  });
});

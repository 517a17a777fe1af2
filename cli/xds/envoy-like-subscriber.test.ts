import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TypeUrl } from '../../core/index.js';
import { EnvoyLikeSubscriber } from './envoy-like-subscriber.js';
import { appYaml, endpointsYaml, startLocalIsobar, type LocalIsobar } from '../../test/support/cli/local-isobar.js';

describe('EnvoyLikeSubscriber', () => {
  let isobar: LocalIsobar;
  before(async () => {
    isobar = await startLocalIsobar({ 'a.yaml': appYaml('ns', 'a', 'a.test', '10.0.0.1', 80), 'b.yaml': appYaml('ns', 'b', 'b.test', '10.0.0.2', 80) });
    await isobar.published();
  });
  after(() => isobar.stop());

  for (const mode of ['sotw', 'delta'] as const) {
    it(`${mode}: syncs CDS, EDS for every cluster, LDS and RDS, ACKs, and receives one EDS update per Endpoints change`, async () => {
      const sub = new EnvoyLikeSubscriber(`127.0.0.1:${isobar.xdsPort}`, `test-${mode}`, mode);
      try {
        sub.start();
        await sub.synced();
        const counts = (t: string) => sub.received.filter((r) => r.typeUrl === t).map((r) => r.resources);
        assert.deepEqual(counts(TypeUrl.Cluster), [2]);
        assert.deepEqual(counts(TypeUrl.ClusterLoadAssignment), [2]);
        assert.deepEqual(counts(TypeUrl.RouteConfiguration), [1]);
        const acked = () => isobar.app.engine.sinkStatus()['sink-xds'] as { nodes: Array<{ id: string }> };
        assert.ok(acked().nodes.some((n) => n.id === `test-${mode}`));

        const from = sub.received.length;
        const version = isobar.app.engine.snapshot()!.version;
        const address = mode === 'sotw' ? '10.0.0.7' : '10.0.0.8';
        await isobar.dir.write('a.yaml', appYaml('ns', 'a', 'a.test', '10.0.0.1', 80).replace(endpointsYaml('ns', 'a', '10.0.0.1', 80), endpointsYaml('ns', 'a', address, 80)));
        await isobar.published(version);
        const deadline = Date.now() + 3000;
        while (sub.received.length === from && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        await new Promise((r) => setTimeout(r, 200));
        assert.deepEqual(sub.received.slice(from).map((r) => [r.typeUrl, r.resources]), [[TypeUrl.ClusterLoadAssignment, 1]]);
      } finally {
        sub.close();
      }
    });
  }
});

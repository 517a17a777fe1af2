import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envoy, packAny, resourceSet, TypeUrl } from '../../core/index.js';
import { edsSnapshot } from '../../test/support/sink-xds/ads-stream-fixture.js';
import { edsNamesOf } from './cluster-refs.js';
import { snapshotOf } from '../../test/support/sink-xds/test-snapshots.js';

const clustersOf = (s: ReturnType<typeof snapshotOf>) => [...s.resources.get(TypeUrl.Cluster)!.items.values()];

describe('edsNamesOf', () => {
  it('names the assignments of EDS clusters', () => {
    assert.deepEqual(edsNamesOf(clustersOf(edsSnapshot({ clusters: { a: 'v1', b: 'v1' } }))), ['a', 'b']);
  });

  it('skips clusters that are not discovered through EDS', () => {
    assert.deepEqual(edsNamesOf(clustersOf(snapshotOf({ cds: ['static'] }))), []);
  });

  it('uses the service name when there is one, else the cluster name', () => {
    const eds = (name: string, serviceName: string) =>
      packAny(
        'envoy.config.cluster.v3.Cluster',
        envoy.Cluster,
        envoy.Cluster.fromPartial({ name, type: envoy.Cluster_DiscoveryType.EDS, edsClusterConfig: { serviceName } }),
      );
    const set = resourceSet([
      { name: 'team/app/80', resource: eds('team/app/80', 'team/app/http') },
      { name: 'plain', resource: eds('plain', '') },
    ]);
    assert.deepEqual(edsNamesOf([...set.items.values()]), ['plain', 'team/app/http']);
  });
});

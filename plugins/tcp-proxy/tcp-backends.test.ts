import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DagCluster } from '../../core/index.js';
import { mergeBackends } from './tcp-backends.js';

describe('tcp backends', () => {
  it('merges the same cluster and drops zero shares', () => {
    const a = { endpointsName: 'a' } as DagCluster;
    const b = { endpointsName: 'b' } as DagCluster;
    const merged = mergeBackends([{ cluster: a, weight: 1 }, { cluster: b, weight: 0 }, { cluster: a, weight: 2 }]);
    assert.deepEqual(merged.map((m) => [m.cluster.endpointsName, m.weight]), [['a', 3]]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DagCluster } from '../../core/index.js';
import { mergeBackends, shares } from './tcp-backends.js';

describe('tcp backends', () => {
  const cases: Array<[string, Array<number | undefined>, number[]]> = [
    ['no weights: even split', [undefined, undefined], [1, 1]],
    ['only zeros: even split', [0, 0], [1, 1]],
    ['weights as written', [20, 80], [20, 80]],
    ['an entry without weight among weighted ones gets none', [50, undefined], [50, 0]],
    ['a zero stays zero beside a positive weight', [0, 5], [0, 5]],
  ];
  for (const [name, weights, want] of cases) it(`shares: ${name}`, () => assert.deepEqual(shares(weights), want));

  it('merges the same cluster and drops zero shares', () => {
    const a = { endpointsName: 'a' } as DagCluster;
    const b = { endpointsName: 'b' } as DagCluster;
    const merged = mergeBackends([{ cluster: a, weight: 1 }, { cluster: b, weight: 0 }, { cluster: a, weight: 2 }]);
    assert.deepEqual(merged.map((m) => [m.cluster.endpointsName, m.weight]), [['a', 3]]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Snapshot } from '../../core/index.js';
import { SnapshotCache } from './snapshot-cache.js';
import { snapshotOf } from '../../test/support/sink-xds/test-snapshots.js';

describe('SnapshotCache', () => {
  it('holds nothing until the first set', () => {
    assert.equal(new SnapshotCache().latest(), undefined);
  });

  it('notifies watchers of new versions only, and stops after unwatch', () => {
    const cache = new SnapshotCache();
    const seen: string[] = [];
    const unwatch = cache.watch((s: Snapshot) => seen.push(s.version));
    const a = snapshotOf({ cds: ['a'] });
    const aAgain = snapshotOf({ cds: ['a'] });
    const b = snapshotOf({ cds: ['b'] });
    assert.equal(cache.set(a), true);
    assert.equal(cache.set(aAgain), false, 'same version is not news');
    assert.equal(cache.set(b), true);
    unwatch();
    cache.set(a);
    assert.deepEqual(seen, [a.version, b.version]);
    assert.equal(cache.latest(), a);
    assert.equal(cache.watcherCount, 0);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ObjectStore } from './object-store.js';
import { service, sourced } from '../../test/fixtures/objects.js';

describe('ObjectStore', () => {
  it('emits no change for status-only or resourceVersion-only updates', () => {
    const store = new ObjectStore();
    const changes: string[][] = [];
    store.onChange((c) => changes.push(c.keys));
    const svc = service('a', 'web', [{ port: 80 }]);
    store.replaceAll('s', [sourced()(svc)]);
    store.applyDelta('s', [sourced()({ ...svc, metadata: { ...svc.metadata, resourceVersion: '7' }, status: { x: 1 } })], []);
    assert.equal(changes.length, 1);
    store.applyDelta('s', [sourced()({ ...svc, spec: { ports: [{ port: 81 }] } })], []);
    assert.deepEqual(changes[1], ['Service/a/web']);
  });

  it('replaceAll removes what the same source no longer has, and only that source', () => {
    const store = new ObjectStore();
    store.replaceAll('one', [sourced()(service('a', 'x', [{ port: 1 }]))]);
    store.replaceAll('two', [sourced()(service('a', 'y', [{ port: 1 }]))]);
    const change = store.replaceAll('one', []);
    assert.deepEqual(change.keys, ['Service/a/x']);
    assert.deepEqual(store.list('Service').map((o) => o.key), ['Service/a/y']);
  });
});

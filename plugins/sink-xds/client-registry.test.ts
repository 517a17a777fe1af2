import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TypeUrl } from '../../core/index.js';
import { ClientRegistry } from './client-registry.js';

describe('ClientRegistry', () => {
  it('aggregates per node and forgets a node with its last stream', () => {
    const r = new ClientRegistry();
    r.streamOpened('envoy-1', 'edge');
    r.streamOpened('envoy-1', 'edge');
    r.streamOpened('envoy-0', 'edge', 'gateway/ns/gw');
    r.acked('envoy-1', TypeUrl.Cluster, 'c1');
    r.nacked('envoy-1', TypeUrl.Listener, 'l2', 'bad listener', new Date('2026-01-01T00:00:00Z'));
    r.nacked('envoy-1', TypeUrl.Listener, 'l3', 'still bad', new Date('2026-01-01T00:00:01Z'));
    const [n0, n1] = r.status();
    assert.equal(n0!.id, 'envoy-0', 'sorted by id');
    assert.equal(n0!.fleet, 'gateway/ns/gw', 'a named fleet is shown; the default fleet (envoy-1) is not');
    assert.deepEqual(n1, {
      id: 'envoy-1',
      cluster: 'edge',
      streams: 2,
      acked: { CDS: 'c1' },
      nacks: 2,
      nacksByType: { LDS: 2 },
      lastNack: { type: 'LDS', version: 'l3', message: 'still bad', at: '2026-01-01T00:00:01.000Z' },
    });
    r.streamClosed('envoy-1');
    assert.equal(r.status()[1]!.streams, 1);
    r.streamClosed('envoy-1');
    assert.deepEqual(r.status().map((n) => n.id), ['envoy-0']);
    assert.equal(r.totalNacks, 2, 'the total outlives the node');
  });
});

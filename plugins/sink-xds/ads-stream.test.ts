import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TypeUrl } from '../../core/index.js';
import { streamFixture } from '../../test/support/sink-xds/ads-stream-fixture.js';
import { snapshotOf } from '../../test/support/sink-xds/test-snapshots.js';

const fixture = () => streamFixture();

const EDS = TypeUrl.ClusterLoadAssignment;

describe('AdsStream', () => {
  it('answers a request made before the first snapshot when it arrives', () => {
    const f = fixture();
    f.request(EDS, ['a']);
    assert.equal(f.sent.length, 0);
    f.publish(snapshotOf({ eds: ['a', 'b'] }));
    assert.equal(f.sent.length, 1);
    assert.equal(f.sent[0]!.nonce, '7-1', 'nonces carry the stream id');
  });

  it('answers a resubscription with unchanged content with the same version and a new nonce', () => {
    const f = fixture();
    f.publish(snapshotOf({ eds: ['a'] }));
    f.request(EDS, ['a']);
    const first = f.sent[0]!;
    // "missing" does not exist: same content, but the client changed what it asked for and waits for an answer.
    f.request(EDS, ['a', 'missing'], first.nonce);
    assert.equal(f.sent.length, 2);
    assert.equal(f.sent[1]!.versionInfo, first.versionInfo);
    assert.notEqual(f.sent[1]!.nonce, first.nonce);
    f.request(EDS, ['a', 'missing'], f.sent[1]!.nonce);
    assert.equal(f.sent.length, 2, 'an ACK with the same names gets no answer');
  });

  it('never answers with a NACKed version, and counts a NACK once per nonce', () => {
    const f = fixture();
    f.publish(snapshotOf({ eds: [{ name: 'a', tag: 'v1' }] }));
    f.request(EDS, ['a']);
    f.request(EDS, ['a'], f.sent[0]!.nonce);
    const v1 = f.sent[0]!.versionInfo;
    f.publish(snapshotOf({ eds: [{ name: 'a', tag: 'v2' }] }));
    assert.equal(f.sent.length, 2);
    f.request(EDS, ['a'], f.sent[1]!.nonce, 'bad endpoints');
    // Envoy clears error_detail after sending it once; a resubscription that follows reuses the nonce.
    f.request(EDS, ['a', 'missing'], f.sent[1]!.nonce);
    assert.equal(f.sent.length, 2, 'the rejected version is not sent again');
    const node = f.registry.status()[0]!;
    assert.equal(node.nacks, 1, 'the follow-up request is not a second NACK');
    assert.equal(node.acked['EDS'], v1, 'nor an ACK of the rejected version');
    f.publish(snapshotOf({ eds: [{ name: 'a', tag: 'v3' }] }));
    assert.equal(f.sent.length, 3, 'the next different version is sent');
  });

  it('logs an unknown type once and never answers it', () => {
    const f = fixture();
    f.publish(snapshotOf({ cds: ['a'] }));
    const unknown = 'type.googleapis.com/envoy.config.core.v3.TypedExtensionConfig';
    f.request(unknown, []);
    f.request(unknown, ['x']);
    assert.equal(f.sent.length, 0);
    assert.equal(f.logs.filter((l) => l.level === 20 && l.typeUrl === unknown).length, 1);
  });

  it('frees its node entry on close, once', () => {
    const f = fixture();
    f.request(TypeUrl.Cluster, []);
    assert.equal(f.registry.status()[0]!.streams, 1);
    f.stream.close();
    f.stream.close();
    assert.deepEqual(f.registry.status(), []);
    f.publish(snapshotOf({ cds: ['a'] }));
    assert.equal(f.sent.length, 0, 'a closed stream sends nothing');
  });
});

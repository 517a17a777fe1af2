import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ObjectStatus } from '../../core/index.js';
import { INGRESS_STATUS } from './ingress-kinds.js';

const ing: ObjectStatus = { ref: { kind: 'Ingress', namespace: 'team', name: 'web' }, state: 'valid', conditions: [] };
const at = { addresses: [{ ip: '192.0.2.1' }] };

describe('Ingress status', () => {
  it('the load balancer address, and nothing when no address is known', () => {
    assert.equal(INGRESS_STATUS.fields(ing, { addresses: [] }), undefined);
    assert.deepEqual(INGRESS_STATUS.fields(ing, at), { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } });
  });

  const same: Array<[string, unknown, boolean]> = [
    ['equal (ports ignored)', { loadBalancer: { ingress: [{ ip: '192.0.2.1', ports: [{ port: 80 }] }] } }, true],
    ['other address', { loadBalancer: { ingress: [{ ip: '192.0.2.9' }] } }, false],
    ['empty', { loadBalancer: {} }, false],
  ];
  for (const [name, live, equal] of same) {
    it(`live vs wanted: ${name} → ${equal ? 'skip' : 'write'}`, () => {
      assert.equal(INGRESS_STATUS.fingerprint(live) === INGRESS_STATUS.fingerprint(INGRESS_STATUS.fields(ing, at)), equal);
    });
  }
});

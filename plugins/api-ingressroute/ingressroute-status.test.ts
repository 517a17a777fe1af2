import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ObjectStatus } from '../../core/index.js';
import { INGRESSROUTE_STATUS } from './ingressroute-kind.js';

const route = (state: ObjectStatus['state'], message?: string): ObjectStatus => ({
  ref: { kind: 'IngressRoute', namespace: 'team', name: 'web' },
  state,
  conditions: message ? [{ severity: 'error', reason: 'ServiceNotFound', message, field: 'spec.routes[0].services[0]' }] : [],
});
const none = { addresses: [] };

describe('IngressRoute status', () => {
  it('currentStatus and a description naming the field', () => {
    assert.deepEqual(INGRESSROUTE_STATUS.fields(route('invalid', 'service "db" not found'), none), { currentStatus: 'invalid', description: 'spec.routes[0].services[0]: service "db" not found' });
    assert.deepEqual(INGRESSROUTE_STATUS.fields(route('orphaned'), none)?.['currentStatus'], 'orphaned');
  });

  const same: Array<[string, unknown, ObjectStatus, boolean]> = [
    ['equal', { currentStatus: 'valid', description: 'valid IngressRoute' }, route('valid'), true],
    ['other description', { currentStatus: 'invalid', description: 'old' }, route('invalid', 'new'), false],
    ['no status yet', undefined, route('valid'), false],
  ];
  for (const [name, live, s, equal] of same) {
    it(`live vs wanted: ${name} → ${equal ? 'skip' : 'write'}`, () => {
      assert.equal(INGRESSROUTE_STATUS.fingerprint(live) === INGRESSROUTE_STATUS.fingerprint(INGRESSROUTE_STATUS.fields(s, none)), equal);
    });
  }
});

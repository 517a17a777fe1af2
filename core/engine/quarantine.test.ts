import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ingressV1, sourced, storeOf } from '../../test/fixtures/objects.js';
import { Quarantine } from './quarantine.js';

const condition = { severity: 'error' as const, reason: 'RejectedByEnvoy', message: 'no' };
const ing = (path: string, status?: unknown) => ({ ...ingressV1('team', 'a', { rules: [{ http: { paths: [{ path, pathType: 'Prefix' }] } }] }), ...(status ? { status } : {}) });

describe('Quarantine', () => {
  it('holds an object while it stays as it was, through status-only updates', () => {
    const store = storeOf([ing('/a')]);
    const q = new Quarantine();
    q.add(store.get('Ingress', 'team', 'a')!, condition);
    store.applyDelta('test', [sourced()(ing('/a', { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } }))], []);
    assert.deepEqual([...q.active(store).keys()], ['Ingress/team/a']);
  });

  it('lets it go when it changes or is deleted', () => {
    const store = storeOf([ing('/a')]);
    const q = new Quarantine();
    q.add(store.get('Ingress', 'team', 'a')!, condition);
    store.applyDelta('test', [sourced()(ing('/b'))], []);
    assert.deepEqual([...q.active(store).keys()], []);
    q.add(store.get('Ingress', 'team', 'a')!, condition);
    store.applyDelta('test', [], [{ kind: 'Ingress', namespace: 'team', name: 'a' }]);
    assert.deepEqual([...q.active(store).keys()], []);
    assert.equal(q.size, 0);
  });

  it('keeps each distinct condition once', () => {
    const store = storeOf([ing('/a')]);
    const q = new Quarantine();
    const obj = store.get('Ingress', 'team', 'a')!;
    q.add(obj, condition);
    q.add(obj, condition);
    q.add(obj, { ...condition, message: 'also' });
    assert.deepEqual(q.active(store).get('Ingress/team/a')?.conditions.map((c) => c.message), ['no', 'also']);
  });
});

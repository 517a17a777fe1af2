import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay } from './backoff.js';
import { slimObject } from './slim-object.js';

describe('slimObject', () => {
  it('fills in kind and apiVersion and drops managed fields and the last-applied copy', () => {
    const o = slimObject(
      {
        metadata: {
          name: 'a',
          namespace: 'n',
          managedFields: [{ manager: 'kubectl' }],
          annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"big":true}', keep: 'me' },
        },
        spec: { rules: [] },
      },
      'Ingress',
      'networking.k8s.io/v1',
    );
    assert.equal(o.kind, 'Ingress');
    assert.equal(o.apiVersion, 'networking.k8s.io/v1');
    assert.equal((o.metadata as { managedFields?: unknown }).managedFields, undefined);
    assert.deepEqual(o.metadata.annotations, { keep: 'me' });
    assert.deepEqual(o.spec, { rules: [] });
  });

  it('keeps only the certificate keys of a Secret', () => {
    const o = slimObject({ metadata: { name: 's' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'Yw==', 'tls.key': 'aw==', extra: 'eA==' } }, 'Secret', 'v1');
    assert.deepEqual(o['data'], { 'tls.crt': 'Yw==', 'tls.key': 'aw==' });
  });
});

describe('backoffDelay', () => {
  it('doubles up to the cap, with jitter between half and all of it', () => {
    assert.equal(backoffDelay(0, 250, 30_000, () => 0), 125);
    assert.equal(backoffDelay(0, 250, 30_000, () => 1), 250);
    assert.equal(backoffDelay(3, 250, 30_000, () => 1), 2000);
    assert.equal(backoffDelay(50, 250, 30_000, () => 1), 30_000);
    assert.equal(backoffDelay(50, 250, 30_000, () => 0), 15_000);
  });
});

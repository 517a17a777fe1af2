import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sumListenerConnections } from './envoy-admin.js';

describe('sumListenerConnections', () => {
  it('sums the traffic listeners, not admin, the stats listener, or per-worker copies', () => {
    const stats = [
      'listener.0.0.0.0_8080.downstream_cx_active: 2',
      'listener.0.0.0.0_8080.worker_0.downstream_cx_active: 1',
      'listener.0.0.0.0_8080.worker_1.downstream_cx_active: 1',
      'listener.0.0.0.0_8443.downstream_cx_active: 3',
      'listener.0.0.0.0_8443.main_thread.downstream_cx_active: 0',
      'listener.admin.downstream_cx_active: 1',
      'listener.isobar_stats.downstream_cx_active: 1',
      'http.ingress_http.downstream_cx_active: 2',
    ].join('\n');
    assert.equal(sumListenerConnections(stats), 5);
  });

  it('is 0 when nothing but admin is connected', () => {
    assert.equal(sumListenerConnections('listener.admin.downstream_cx_active: 1\n'), 0);
  });
});

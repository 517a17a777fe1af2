import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envoyRetryPolicy, RETRY_ON } from './retry-policy-translator.js';

describe('envoyRetryPolicy', () => {
  it('keeps the default conditions when the settings name none', () => {
    const p = envoyRetryPolicy({ count: 0, perTryTimeoutMs: 500 });
    assert.deepEqual([p.retryOn, p.numRetries, p.perTryTimeout, p.retriableStatusCodes, p.retryBackOff], [RETRY_ON, 0, { seconds: 0, nanos: 500_000_000 }, [], undefined]);
  });
  it('retries the named conditions and status codes only, with the backoff given', () => {
    const p = envoyRetryPolicy({ count: 3, on: { statusCodes: [500, 502], conditions: ['connect-failure', 'refused-stream'] }, backoffBaseMs: 250 });
    assert.equal(p.retryOn, 'connect-failure,refused-stream,retriable-status-codes');
    assert.deepEqual(p.retriableStatusCodes, [500, 502]);
    assert.equal(p.numRetries, 3);
    assert.deepEqual(p.retryBackOff?.baseInterval, { seconds: 0, nanos: 250_000_000 });
  });
  it('leaves retriable-status-codes out without codes', () => {
    assert.equal(envoyRetryPolicy({ count: 1, on: { statusCodes: [], conditions: ['connect-failure'] } }).retryOn, 'connect-failure');
  });
});

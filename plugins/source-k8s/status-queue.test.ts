import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeApiError } from './kube-client.js';
import { StatusQueue } from './status-queue.js';

/** A stand-in for the API: per key, the answers of successive calls (undefined: success), and a log of calls. */
function fakeApi(answers: Record<string, Array<KubeApiError | undefined>> = {}, delayMs = 5) {
  const calls: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const running = new Set<string>();
  let overlapped = false;
  return {
    calls,
    get maxInFlight() {
      return maxInFlight;
    },
    get overlapped() {
      return overlapped;
    },
    async work(key: string): Promise<void> {
      if (running.has(key)) overlapped = true;
      running.add(key);
      calls.push(key);
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        await sleep(delayMs);
        const err = answers[key]?.shift();
        if (err) throw err;
      } finally {
        inFlight--;
        running.delete(key);
      }
    },
  };
}

const conflict = () => new KubeApiError('PATCH', '/x/status', 409, 'Conflict', 'the object has been modified');
const gone = () => new KubeApiError('PATCH', '/x/status', 404, 'NotFound', 'not found');

function queueFor(api: ReturnType<typeof fakeApi>, concurrency = 4) {
  const retries: Array<[string, number, number]> = [];
  const queue = new StatusQueue({
    concurrency,
    work: (key) => api.work(key),
    retryDelay: (key, err, attempt) => {
      const status = (err as KubeApiError).status;
      retries.push([key, status, attempt]);
      return status === 404 ? undefined : 10;
    },
  });
  return { queue, retries };
}

describe('StatusQueue', () => {
  it('works a key added many times while it waits for a slot once', async () => {
    const api = fakeApi();
    const { queue } = queueFor(api, 1);
    queue.add('busy');
    for (let i = 0; i < 5; i++) queue.add('a');
    await queue.idle();
    assert.deepEqual(api.calls, ['busy', 'a']);
  });

  it('runs a key added while in flight again afterwards, never twice at once', async () => {
    const api = fakeApi({}, 20);
    const { queue } = queueFor(api);
    queue.add('a');
    await sleep(5);
    queue.add('a');
    queue.add('a');
    await queue.idle();
    assert.deepEqual(api.calls, ['a', 'a']);
    assert.equal(api.overlapped, false);
  });

  it('keeps at most `concurrency` keys in flight and works them all', async () => {
    const api = fakeApi();
    const { queue } = queueFor(api, 4);
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
    for (const k of keys) queue.add(k);
    await queue.idle();
    assert.equal(api.maxInFlight, 4);
    assert.deepEqual([...api.calls].sort(), [...keys].sort());
  });

  it('retries a key that conflicted (409) after its backoff, then forgets the attempts', async () => {
    const api = fakeApi({ a: [conflict(), conflict(), undefined, conflict()] });
    const { queue, retries } = queueFor(api);
    queue.add('a');
    await queue.idle();
    assert.deepEqual(api.calls, ['a', 'a', 'a']);
    assert.deepEqual(retries, [
      ['a', 409, 0],
      ['a', 409, 1],
    ]);
    queue.add('a');
    await queue.idle();
    assert.deepEqual(retries.at(-1), ['a', 409, 0], 'a success resets the attempt count');
  });

  it('drops a key when retryDelay says so (404: the object is gone)', async () => {
    const api = fakeApi({ a: [gone()] });
    const { queue } = queueFor(api);
    queue.add('a');
    await queue.idle();
    await sleep(30);
    assert.deepEqual(api.calls, ['a']);
  });

  it('does not cut a backoff short when the key is added again meanwhile', async () => {
    const api = fakeApi({ a: [conflict()] }, 1);
    const queue = new StatusQueue({ concurrency: 4, work: (k) => api.work(k), retryDelay: () => 80 });
    queue.add('a');
    await sleep(20);
    queue.add('a');
    await sleep(20);
    assert.deepEqual(api.calls, ['a'], 'still waiting out the backoff');
    await queue.idle();
    assert.deepEqual(api.calls, ['a', 'a']);
  });

  it('after clear(), a run that was in flight is neither retried nor repeated', async () => {
    const api = fakeApi({ a: [conflict()] }, 20);
    const { queue } = queueFor(api);
    queue.add('a');
    queue.add('b');
    await sleep(5);
    queue.add('b');
    queue.clear();
    await queue.stop();
    await sleep(40);
    assert.deepEqual(api.calls.sort(), ['a', 'b']);
  });

  it('forget() drops a queued key', async () => {
    const api = fakeApi({}, 10);
    const { queue } = queueFor(api, 1);
    queue.add('a');
    queue.add('b');
    queue.forget('b');
    await queue.idle();
    assert.deepEqual(api.calls, ['a']);
  });
});

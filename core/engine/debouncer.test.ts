import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Debouncer } from './debouncer.js';

describe('Debouncer', () => {
  it('coalesces a burst into one run', async () => {
    let runs = 0;
    const d = new Debouncer(20, 1000, () => runs++);
    for (let i = 0; i < 5; i++) d.trigger();
    await sleep(60);
    assert.equal(runs, 1);
  });

  it('runs at least every maxMs during a steady stream', async () => {
    let runs = 0;
    const d = new Debouncer(30, 60, () => runs++);
    const until = Date.now() + 500;
    while (Date.now() < until) {
      d.trigger();
      await sleep(10);
    }
    d.cancel();
    assert.ok(runs >= 2, `ran ${runs} times`);
  });
});

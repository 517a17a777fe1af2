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

  it('after a run that kept the process busy, waits at least as long before the next', async () => {
    const runs: number[] = [];
    const d = new Debouncer(5, 1000, () => runs.push(Date.now()));
    d.trigger();
    await sleep(30);
    assert.equal(runs.length, 1);
    d.pace(200);
    const paced = Date.now();
    d.trigger();
    await sleep(100);
    assert.equal(runs.length, 1, 'ran inside the pause that the busy run asked for');
    await sleep(200);
    assert.equal(runs.length, 2);
    assert.ok(runs[1]! - paced >= 195, `second run ${runs[1]! - paced} ms after pace(200)`);
  });

  it('a pause that is over delays nothing', async () => {
    const runs: number[] = [];
    const d = new Debouncer(5, 1000, () => runs.push(Date.now()));
    d.pace(20);
    await sleep(40);
    const t0 = Date.now();
    d.trigger();
    await sleep(40);
    assert.equal(runs.length, 1);
    assert.ok(runs[0]! - t0 < 30, `ran ${runs[0]! - t0} ms after the trigger`);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryReducer, type MemoryReading } from './memory-reducer.js';

const MB = 2 ** 20;

function reducer(readings: MemoryReading[]) {
  let compactions = 0;
  const r = new MemoryReducer({
    idleMs: 1000,
    minWasteBytes: 100 * MB,
    minWasteShare: 0.5,
    read: () => readings[Math.min(compactions, readings.length - 1)]!,
    collect: () => {},
    release: () => void compactions++,
  });
  return { r, compactions: () => compactions };
}

/** A burst: some 300 MB of objects, all of them garbage once this returns. */
function burstOfGarbage(): number {
  const keep: Array<{ i: number; s: string }> = [];
  for (let i = 0; i < 3_000_000; i++) keep.push({ i, s: `object number ${i}` });
  return keep.length;
}

describe('MemoryReducer', () => {
  it('compacts once builds have stopped for idleMs and RSS is mostly waste, then not again until more builds', () => {
    const { r, compactions } = reducer([{ rss: 700 * MB, heapUsed: 40 * MB }, { rss: 140 * MB, heapUsed: 60 * MB }]);
    r.noteActivity(10_000);
    assert.equal(r.check(10_500), undefined, 'compacted while builds were still recent');
    const c = r.check(11_000);
    assert.equal(compactions(), 1);
    assert.deepEqual([c!.before.rss, c!.after.rss], [700 * MB, 140 * MB]);
    assert.equal(r.check(30_000), undefined, 'compacted again with no build in between');
    r.noteActivity(40_000);
    r.check(41_000);
    assert.equal(compactions(), 1, 'compacted although RSS is now mostly live heap');
    r.stop();
  });

  it('leaves a process alone whose RSS is mostly live heap, or whose waste is small', () => {
    for (const reading of [{ rss: 700 * MB, heapUsed: 500 * MB }, { rss: 180 * MB, heapUsed: 100 * MB }]) {
      const { r, compactions } = reducer([reading]);
      r.noteActivity(0);
      assert.equal(r.check(5000), undefined);
      assert.equal(compactions(), 0, `compacted at rss ${reading.rss / MB} MB, heap ${reading.heapUsed / MB} MB`);
      r.stop();
    }
  });

  it("V8's last-resort collection gives back the pages a burst of garbage left", async () => {
    burstOfGarbage();
    const r = new MemoryReducer({ idleMs: 0, minWasteBytes: 0, minWasteShare: 0 });
    r.noteActivity(0);
    const before = process.memoryUsage();
    const c = r.check(1)!;
    assert.ok(c, 'did not compact');
    assert.ok(c.after.heapUsed < before.heapUsed - 100 * MB, `heap ${Math.round(before.heapUsed / MB)} -> ${Math.round(c.after.heapUsed / MB)} MB`);
    // V8 unmaps the freed pages from a thread of its own, a moment later.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const rss = process.memoryUsage().rss;
    assert.ok(rss < before.rss - 100 * MB, `RSS ${Math.round(before.rss / MB)} -> ${Math.round(rss / MB)} MB`);
    r.stop();
  });
});

import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FileWatcher } from './file-watcher.js';
import { makeDir, sleep } from '../../test/support/source-file/recording-connection.js';
import type { TreeScan } from './tree-scan.js';

/** Records what a FileWatcher reports. */
function recorder() {
  const log: string[] = [];
  const scans: TreeScan[] = [];
  const batches: string[][] = [];
  const seen = new Set<string>();
  const routines: boolean[] = [];
  return {
    log,
    routines,
    scans,
    batches,
    seen,
    events: {
      onScan: (scan: TreeScan, routine = false) => void (scans.push(scan), routines.push(routine), log.push(`${routine ? 'routine ' : ''}scan ${[...scan.files.keys()].map((f) => path.basename(f)).sort().join(' ')}`)),
      onFiles: (files: string[], settled: boolean) => {
        batches.push(files);
        for (const f of files) (seen.add(f), log.push(`${settled ? 'settled' : 'file'} ${path.basename(f)}`));
      },
      onRootLost: (fault: { state: string }) => void log.push(`root ${fault.state}`),
      onError: (err: Error) => void log.push(`error ${err.message}`),
    },
  };
}

async function eventually(what: string, check: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

describe('FileWatcher', () => {
  it('starts with a scan of the manifest files (with signatures) and nothing else', async () => {
    const dir = await makeDir({ 'b.yaml': 'x', 'a/c.yml': 'x', 'a/.d.yaml': 'x', 'e.txt': 'x', 'f.json': '{}', '.git/x.yaml': 'x' });
    const r = recorder();
    const w = new FileWatcher({ root: dir }, r.events);
    try {
      await w.start();
      assert.equal(r.scans.length, 1);
      assert.deepEqual([...r.scans[0]!.files.keys()].sort(), [path.join(dir, 'a/c.yml'), path.join(dir, 'b.yaml'), path.join(dir, 'f.json')]);
      assert.ok([...r.scans[0]!.files.values()].every((sig) => /^\d+:\d+:/.test(sig)));
      assert.deepEqual(r.scans[0]!.faults, []);
      assert.deepEqual(r.log.filter((l) => !l.startsWith('scan')), []);
    } finally {
      await w.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('coalesces a burst of writes into one quick read and one settled re-read', async () => {
    const dir = await makeDir({ 'a.yaml': 'x' });
    const r = recorder();
    const w = new FileWatcher({ root: dir }, r.events);
    try {
      await w.start();
      for (let i = 0; i < 5; i++) await writeFile(path.join(dir, 'a.yaml'), `v${i}`);
      await eventually('the settled re-read', () => r.log.includes('settled a.yaml'));
      await sleep(120);
      assert.deepEqual(r.log.slice(1), ['file a.yaml', 'settled a.yaml']);
    } finally {
      await w.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('hands many files written at once over in a few batches, not one call per file', async () => {
    const dir = await makeDir();
    const r = recorder();
    const w = new FileWatcher({ root: dir }, r.events);
    try {
      await w.start();
      const files = Array.from({ length: 300 }, (_, i) => path.join(dir, `f${i}.yaml`));
      await Promise.all(files.map((f) => writeFile(f, 'x')));
      await eventually('every file', () => files.every((f) => r.seen.has(f)), 10_000);
      assert.ok(r.batches.length < 60, `${r.batches.length} batches for 300 files`);
    } finally {
      await w.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports every file written right after its directory was created (the mkdir race), many times over', async () => {
    const dir = await makeDir();
    const r = recorder();
    const w = new FileWatcher({ root: dir }, r.events);
    try {
      await w.start();
      const expected: string[] = [];
      for (let i = 0; i < 30; i++) {
        const sub = path.join(dir, `sub-${i}`);
        await mkdir(sub);
        for (let j = 0; j < 3; j++) {
          const f = path.join(sub, `f${j}.yaml`);
          await writeFile(f, 'x');
          expected.push(f);
        }
      }
      await eventually('every file in the new directories', () => expected.every((f) => r.seen.has(f)), 10_000);
    } finally {
      await w.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports the root going away as lost (not as its files deleted), then a fresh scan when it is back; leaves no fs watcher behind', async () => {
    const parent = await makeDir();
    const dir = path.join(parent, 'watched');
    await mkdir(dir);
    await writeFile(path.join(dir, 'a.yaml'), 'x');
    const r = recorder();
    const w = new FileWatcher({ root: dir, pollMs: 20 }, r.events);
    try {
      await w.start();
      await rm(dir, { recursive: true });
      await eventually('root missing', () => r.log.includes('root missing'));
      await sleep(150);
      assert.ok(!r.log.some((l) => l.endsWith(' a.yaml') && !l.startsWith('scan')), `a.yaml not reported as changed: ${r.log.join(', ')}`);
      await mkdir(dir);
      await writeFile(path.join(dir, 'b.yaml'), 'x');
      await eventually('a scan with b.yaml', () => r.log.some((l) => l === 'scan b.yaml'));
      assert.ok(r.log.indexOf('scan b.yaml') > r.log.indexOf('root missing'), r.log.join(', '));
      await rm(dir, { recursive: true });
      await eventually('root missing twice', () => r.log.filter((l) => l === 'root missing').length === 2);
    } finally {
      await w.close();
      await rm(parent, { recursive: true, force: true });
    }
    await sleep(100);
    // chokidar re-opens a closed watcher to look for a removed root; that must not survive close().
    assert.deepEqual(process.getActiveResourcesInfo().filter((t) => t === 'FSEventWrap'), []);
  });

  it('starts on a missing root: reports it lost, and scans once it exists', async () => {
    const parent = await makeDir();
    const dir = path.join(parent, 'later');
    const r = recorder();
    const w = new FileWatcher({ root: dir, pollMs: 20 }, r.events);
    try {
      await w.start();
      assert.deepEqual(r.log, ['root missing']);
      await mkdir(dir);
      await eventually('the first scan', () => r.log.includes('scan '));
      await writeFile(path.join(dir, 'a.yaml'), 'x');
      await eventually('a.yaml', () => r.log.includes('settled a.yaml'));
    } finally {
      await w.close();
      await rm(parent, { recursive: true, force: true });
    }
  });

  it('lists the tree after a large burst of events, again until two listings agree, then stops', async () => {
    const dir = await makeDir({ 'a.yaml': 'x' });
    const r = recorder();
    const w = new FileWatcher({ root: dir, burstEvents: 20, rescanMs: 0 }, r.events);
    try {
      await w.start();
      for (let i = 0; i < 60; i++) await writeFile(path.join(dir, `f${i}.yaml`), 'x');
      await eventually('a routine scan listing every file', () => r.scans.some((s, i) => r.routines[i] && s.files.size === 61), 5000);
      // The burst is over once a scan lists what the previous one did: a second after the last, no more.
      await sleep(2500);
      const routine = r.routines.filter(Boolean).length;
      assert.ok(routine >= 2 && routine <= 4, `${routine} routine scans`);
      await sleep(1500);
      assert.equal(r.routines.filter(Boolean).length, routine, 'scans went on after two listings agreed');
      assert.equal(r.routines[0], false, 'the start scan is not routine');
    } finally {
      await w.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a few events make no scan; the periodic scan comes anyway', async () => {
    const dir = await makeDir({ 'a.yaml': 'x' });
    const r = recorder();
    const w = new FileWatcher({ root: dir, burstEvents: 1000, rescanMs: 400 }, r.events);
    try {
      await w.start();
      await writeFile(path.join(dir, 'b.yaml'), 'x');
      await eventually('the event for b.yaml', () => r.log.includes('file b.yaml'));
      assert.equal(r.routines.filter(Boolean).length, 0);
      await eventually('a periodic scan', () => r.routines.filter(Boolean).length >= 2, 3000);
      assert.equal(r.scans.at(-1)!.files.size, 2);
    } finally {
      await w.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

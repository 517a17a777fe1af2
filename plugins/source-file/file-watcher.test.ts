import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FileWatcher } from './file-watcher.js';
import { makeDir, sleep } from './recording-connection.js';

/** Records what a FileWatcher reports. */
function recorder() {
  const log: string[] = [];
  let ready: string[] | undefined;
  return {
    log,
    ready: () => ready,
    events: {
      onReady: (files: string[]) => void (ready = files),
      onFile: (file: string, settled: boolean) => void log.push(`${settled ? 'settled' : 'file'} ${path.basename(file)}`),
      onDirectory: (exists: boolean) => void log.push(exists ? 'dir appeared' : 'dir gone'),
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
  it('reports the initial manifest files, sorted, and nothing else', async () => {
    const dir = await makeDir({ 'b.yaml': 'x', 'a/c.yml': 'x', 'a/.d.yaml': 'x', 'e.txt': 'x', 'f.json': '{}' });
    const r = recorder();
    const w = new FileWatcher({ root: dir }, r.events);
    try {
      await w.start();
      assert.deepEqual(r.ready(), [path.join(dir, 'a/c.yml'), path.join(dir, 'b.yaml'), path.join(dir, 'f.json')]);
      assert.deepEqual(r.log, []);
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
      assert.deepEqual(r.log, ['file a.yaml', 'settled a.yaml']);
    } finally {
      await w.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('follows the directory going away and coming back, and leaves no fs watcher behind when closed', async () => {
    const parent = await makeDir();
    const dir = path.join(parent, 'watched');
    await mkdir(dir);
    await writeFile(path.join(dir, 'a.yaml'), 'x');
    const r = recorder();
    const w = new FileWatcher({ root: dir, pollMs: 20 }, r.events);
    try {
      await w.start();
      await rm(dir, { recursive: true });
      await eventually('dir gone', () => r.log.includes('dir gone'));
      await eventually('a.yaml re-read', () => r.log.includes('settled a.yaml'));
      await mkdir(dir);
      await writeFile(path.join(dir, 'b.yaml'), 'x');
      await eventually('b.yaml', () => r.log.includes('settled b.yaml'));
      assert.ok(r.log.indexOf('dir appeared') > r.log.indexOf('dir gone'), r.log.join(', '));
      await rm(dir, { recursive: true });
      await eventually('dir gone twice', () => r.log.filter((l) => l === 'dir gone').length === 2);
    } finally {
      await w.close();
      await rm(parent, { recursive: true, force: true });
    }
    await sleep(100);
    // chokidar re-opens a closed watcher to look for a removed root; that must not survive close().
    assert.deepEqual(process.getActiveResourcesInfo().filter((t) => t === 'FSEventWrap'), []);
  });
});

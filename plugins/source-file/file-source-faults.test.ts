import assert from 'node:assert/strict';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { dropRootPrivileges, permissionsApply } from '../../test/e2e/harness/unprivileged.js';
import { makeDir, secretYaml, sleep, startSource, type Fixture } from '../../test/support/source-file/recording-connection.js';

// chmod 000 means nothing to root: this file's process runs as nobody (node --test gives it its own).
dropRootPrivileges();

const FAST = { pollMs: 20, retryMaxMs: 200 };

/** The source on `files` in a directory below a temp parent, so the directory itself can be removed. */
async function startIn(files: Record<string, string>, opts: { maxFileBytes?: number } = {}): Promise<Fixture> {
  const parent = await makeDir();
  const dir = path.join(parent, 'watched');
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  const fx = await startSource(dir, { ...FAST, ...opts, cleanup: parent });
  after(async () => {
    await chmod(dir, 0o755).catch(() => undefined);
    await fx.close();
  });
  return fx;
}

const reasonAt = (fx: Fixture, scope: string): string | undefined => fx.conn.problemsByScope.get(scope)?.[0]?.reason;

describe('FileSource: directory faults', () => {
  it('runs unprivileged, so that file modes apply', () => {
    assert.ok(permissionsApply(), 'the chmod tests below would pass for the wrong reason as root');
  });

  it('keeps serving a removed directory (DirectoryMissing), then loads what it holds when it is back', async () => {
    const fx = await startIn({ 'a.yaml': secretYaml('a'), 'b.yaml': secretYaml('b') });
    assert.deepEqual(fx.conn.keys(), ['Secret/default/a', 'Secret/default/b']);
    await rm(fx.dir, { recursive: true });
    await fx.conn.until('DirectoryMissing', () => reasonAt(fx, fx.dir) === 'DirectoryMissing');
    await sleep(200);
    assert.deepEqual(fx.conn.keys(), ['Secret/default/a', 'Secret/default/b'], 'the last good config stays');
    assert.deepEqual(fx.conn.removedKeys(), []);
    assert.match(fx.conn.problemsByScope.get(fx.dir)![0]!.message, /does not exist; the last good config of its files stays served/);

    // Back with a changed a.yaml and without b.yaml: a is reloaded, b is gone now.
    await fx.write('a.yaml', secretYaml('a', '2'));
    await fx.conn.until('a v2', () => fx.conn.objects.get('Secret/default/a')?.object.metadata.labels?.['version'] === '2');
    await fx.conn.until('b removed', () => !fx.conn.objects.has('Secret/default/b'));
    await fx.conn.until('problem cleared', () => !fx.conn.problemsByScope.has(fx.dir));
  });

  it('holds readiness while the directory is missing at start, naming it, and lifts the hold once it exists', async () => {
    const parent = await makeDir();
    const dir = path.join(parent, 'not-yet');
    const fx = await startSource(dir, { ...FAST, cleanup: parent });
    after(() => fx.close());
    assert.ok(fx.conn.calls.some((c) => c.type === 'synced'), 'synced (serving nothing), so that other sources are not held up');
    assert.match(fx.conn.heldReady ?? '', new RegExp(`directory ${dir.replaceAll('.', '\\.')} \\(config sourceFile\\.directory\\) does not exist`));
    await fx.write('a.yaml', secretYaml('a'));
    await fx.conn.until('a loaded', () => fx.conn.objects.has('Secret/default/a'));
    await fx.conn.until('hold lifted', () => fx.conn.heldReady === undefined);

    // Seen once, losing it later keeps the last good config and readiness.
    await rm(dir, { recursive: true });
    await fx.conn.until('DirectoryMissing', () => reasonAt(fx, dir) === 'DirectoryMissing');
    await sleep(100);
    assert.equal(fx.conn.heldReady, undefined, 'a directory lost after start does not take readiness away');
    assert.ok(fx.conn.objects.has('Secret/default/a'));
  });

  it('serves nothing from a directory that exists and is empty (a deliberate deletion)', async () => {
    const fx = await startIn({ 'a.yaml': secretYaml('a') });
    await rm(fx.file('a.yaml'));
    await fx.conn.until('a removed', () => fx.conn.objects.size === 0);
    assert.equal(fx.conn.problemsByScope.size, 0);
  });

  it('keeps serving an unreadable directory (DirectoryUnreadable, EACCES) and reads everything again once it is readable', async () => {
    const fx = await startIn({ 'a.yaml': secretYaml('a'), 'sub/b.yaml': secretYaml('b') });
    await chmod(fx.dir, 0o000);
    await fx.conn.until('DirectoryUnreadable', () => reasonAt(fx, fx.dir) === 'DirectoryUnreadable');
    const [p] = fx.conn.problemsByScope.get(fx.dir)!;
    assert.match(p!.message, /EACCES/);
    assert.equal(p!.file, fx.dir);
    await sleep(100);
    assert.deepEqual(fx.conn.keys(), ['Secret/default/a', 'Secret/default/b'], 'nothing withdrawn');

    await chmod(fx.dir, 0o755);
    await fx.conn.until('problem cleared', () => !fx.conn.problemsByScope.has(fx.dir));
    // Not deaf: edits, new files and new directories after the recovery are all seen.
    await fx.write('a.yaml', secretYaml('a', '2'));
    await fx.write('c.yaml', secretYaml('c'));
    await fx.write('sub/d.yaml', secretYaml('d'));
    await fx.conn.until('edits after recovery', () => fx.conn.objects.get('Secret/default/a')?.object.metadata.labels?.['version'] === '2' && fx.conn.objects.has('Secret/default/c') && fx.conn.objects.has('Secret/default/d'));
    assert.deepEqual(fx.conn.removedKeys(), []);
  });

  it('keeps the files of an unreadable sub-directory and picks it up again when it is readable', async () => {
    const fx = await startIn({ 'a.yaml': secretYaml('a'), 'sub/b.yaml': secretYaml('b') });
    const sub = fx.file('sub');
    await chmod(sub, 0o000);
    await fx.conn.until('DirectoryUnreadable on sub', () => reasonAt(fx, sub) === 'DirectoryUnreadable');
    await fx.write('a.yaml', secretYaml('a', '2'));
    await fx.conn.until('a v2 (the rest works meanwhile)', () => fx.conn.objects.get('Secret/default/a')?.object.metadata.labels?.['version'] === '2');
    await sleep(300);
    assert.ok(fx.conn.objects.has('Secret/default/b'), 'b kept while its directory is unreadable');
    await chmod(sub, 0o755);
    await fx.write('sub/b.yaml', secretYaml('b', '2'));
    await fx.conn.until('b v2', () => fx.conn.objects.get('Secret/default/b')?.object.metadata.labels?.['version'] === '2', 5000);
    await fx.conn.until('no problems', () => fx.conn.problemsByScope.size === 0, 5000);
  });

  it('reports an unreadable file (ReadFailed, EACCES), keeps its last good version, and retries until it can be read', async () => {
    const fx = await startIn({ 'a.yaml': secretYaml('a') });
    // A new version that cannot be read, put in place by rename (the old one stays in force meanwhile).
    const tmp = fx.file('a.yaml.tmp');
    await writeFile(tmp, secretYaml('a', '2'));
    await chmod(tmp, 0o000);
    await rename(tmp, fx.file('a.yaml'));
    await fx.conn.until('ReadFailed', () => reasonAt(fx, fx.file('a.yaml')) === 'ReadFailed');
    assert.match(fx.conn.problemsByScope.get(fx.file('a.yaml'))![0]!.message, /EACCES/);
    assert.equal(fx.conn.objects.get('Secret/default/a')?.object.metadata.labels?.['version'], '1');
    // chmod changes no content, so no watcher event says the file is readable now: only the retry can.
    await chmod(fx.file('a.yaml'), 0o644);
    await fx.conn.until('a v2', () => fx.conn.objects.get('Secret/default/a')?.object.metadata.labels?.['version'] === '2');
    await fx.conn.until('problem cleared', () => !fx.conn.problemsByScope.has(fx.file('a.yaml')));
  });

  it('refuses a file over sourceFile.maxFileBytes by its size (FileTooLarge), keeping its last good version', async () => {
    const fx = await startIn({ 'a.yaml': secretYaml('a'), 'other.yaml': secretYaml('other') }, { maxFileBytes: 1000 });
    await fx.write('a.yaml', `${secretYaml('a', '2')}# ${'x'.repeat(2000)}\n`);
    await fx.conn.until('FileTooLarge', () => reasonAt(fx, fx.file('a.yaml')) === 'FileTooLarge');
    const [p] = fx.conn.problemsByScope.get(fx.file('a.yaml'))!;
    assert.match(p!.message, /over the limit of 1000 \(config sourceFile\.maxFileBytes\)/);
    assert.equal(p!.file, fx.file('a.yaml'));
    assert.equal(fx.conn.objects.get('Secret/default/a')?.object.metadata.labels?.['version'], '1');
    assert.ok(fx.conn.objects.has('Secret/default/other'));
    await fx.write('a.yaml', secretYaml('a', '3'));
    await fx.conn.until('a v3', () => fx.conn.objects.get('Secret/default/a')?.object.metadata.labels?.['version'] === '3');
    await fx.conn.until('problem cleared', () => !fx.conn.problemsByScope.has(fx.file('a.yaml')));
  });
});

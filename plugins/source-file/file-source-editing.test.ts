import assert from 'node:assert/strict';
import { open, rename, unlink, writeFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { makeDir, secretYaml, sleep, startSource } from '../../test/support/source-file/recording-connection.js';

const KEY = 'Secret/default/app';
const versionOf = (fx: { conn: { objects: Map<string, { object: { metadata: { labels?: Record<string, string> } } }> } }): string | undefined =>
  fx.conn.objects.get(KEY)?.object.metadata.labels?.['version'];

describe('FileSource: editing', () => {
  it('applies a change as a delta with only what changed, within tens of milliseconds', async () => {
    const fx = await startSource(await makeDir({ 'app.yaml': `${secretYaml('app')}---\n${secretYaml('other')}` }));
    try {
      const t0 = performance.now();
      await fx.write('app.yaml', `${secretYaml('app', '2')}---\n${secretYaml('other')}`);
      await fx.conn.until('version 2', () => versionOf(fx) === '2');
      const latency = performance.now() - t0;
      const deltas = fx.conn.calls.filter((c) => c.type === 'delta');
      assert.equal(deltas.length, 1);
      assert.deepEqual(deltas[0]!.type === 'delta' && deltas[0]!.upserts.map((o) => o.object.metadata.name), ['app']);
      assert.deepEqual(deltas[0]!.type === 'delta' && deltas[0]!.removals, []);
      // The debounce is 15 ms; allow for a busy machine but not for a 2 s write-finish wait.
      assert.ok(latency < 250, `change took ${latency.toFixed(1)} ms to reach core`);
      console.log(`# file change reached core in ${latency.toFixed(1)} ms`);
    } finally {
      await fx.close();
    }
  });

  it('keeps the last good objects of a file that breaks, reports the line, and recovers when fixed', async () => {
    const fx = await startSource(await makeDir({ 'app.yaml': secretYaml('app') }));
    try {
      await fx.write('app.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\n  labels: {version: "2"\n');
      await fx.conn.until('a problem for app.yaml', () => fx.conn.problemsByScope.has(fx.file('app.yaml')));
      const [p] = fx.conn.problemsByScope.get(fx.file('app.yaml'))!;
      assert.equal(p!.reason, 'YamlSyntax');
      assert.equal(p!.file, fx.file('app.yaml'));
      assert.ok(p!.line !== undefined && p!.line >= 5, `line ${p!.line}`);
      assert.equal(versionOf(fx), '1', 'the last good version stays in force');
      assert.deepEqual(fx.conn.calls.filter((c) => c.type === 'delta'), []);

      await fx.write('app.yaml', secretYaml('app', '3'));
      await fx.conn.until('problems cleared', () => !fx.conn.problemsByScope.has(fx.file('app.yaml')));
      await fx.conn.until('version 3', () => versionOf(fx) === '3');
      assert.deepEqual(fx.conn.removedKeys(), []);
    } finally {
      await fx.close();
    }
  });

  it('an edit that breaks one object delivers it invalid and still applies its siblings; fixing it clears its problems', async () => {
    const svc = (port: number) => `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: ${port}}]\n`;
    const fx = await startSource(await makeDir({ 'app.yaml': `${secretYaml('app')}---\n${svc(80)}` }));
    const web = () => fx.conn.objects.get('Service/default/web');
    try {
      assert.equal(web()?.origin.problems, undefined);
      // The sibling changes in the same save: that change must not wait for the broken object to be fixed.
      await fx.write('app.yaml', `${secretYaml('app', '2')}---\n${svc(70000)}`);
      await fx.conn.until('version 2 and web invalid', () => versionOf(fx) === '2' && web()?.origin.problems !== undefined);
      assert.deepEqual(web()!.origin.problems!.map((p) => [p.severity, p.reason, p.field, p.line, p.file]), [['error', 'FieldInvalid', 'spec.ports[0].port', 14, fx.file('app.yaml')]]);
      assert.deepEqual([...fx.conn.problemsByScope.keys()], [], 'an object\'s problem is not the file\'s');

      await fx.write('app.yaml', `${secretYaml('app', '3')}---\n${svc(8080)}`);
      await fx.conn.until('version 3 and web valid', () => versionOf(fx) === '3' && web()?.origin.problems === undefined);
      assert.deepEqual(fx.conn.removedKeys(), [], 'nothing was ever withdrawn');
    } finally {
      await fx.close();
    }
  });

  it('removes the objects of a deleted file and clears its problems', async () => {
    const fx = await startSource(await makeDir({ 'app.yaml': `${secretYaml('app')}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n`, 'keep.yaml': secretYaml('keep') }));
    try {
      assert.ok(fx.conn.problemsByScope.has(fx.file('app.yaml')));
      await unlink(fx.file('app.yaml'));
      await fx.conn.until('app removed', () => !fx.conn.objects.has(KEY));
      await fx.conn.until('problems cleared', () => !fx.conn.problemsByScope.has(fx.file('app.yaml')));
      assert.deepEqual(fx.conn.keys(), ['Secret/default/keep']);
    } finally {
      await fx.close();
    }
  });

  // Each save pattern must end in the new version without the objects ever being removed in between.
  const saves: Array<[string, (file: string, text: string) => Promise<void>]> = [
    ['rename-over (write a temp file, rename it onto the file)', async (file, text) => {
      await writeFile(`${file}.tmp`, text);
      await rename(`${file}.tmp`, file);
    }],
    ['rename-over through a hidden temp file', async (file, text) => {
      const tmp = file.replace(/app\.yaml$/, '.app.yaml.swp');
      await writeFile(tmp, text);
      await rename(tmp, file);
    }],
    ['write in place, in two chunks (half-written file seen first)', async (file, text) => {
      const fh = await open(file, 'w');
      await fh.write(text.slice(0, 30));
      await sleep(5);
      await fh.write(text.slice(30));
      await fh.close();
    }],
    ['write in place with a slow writer (empty file seen for 30 ms)', async (file, text) => {
      const fh = await open(file, 'w');
      await sleep(30);
      await fh.write(text);
      await fh.close();
    }],
    ['delete, then create', async (file, text) => {
      await unlink(file);
      await sleep(5);
      await writeFile(file, text);
    }],
  ];
  for (const [name, save] of saves) {
    it(`picks up a ${name}`, async () => {
      const fx = await startSource(await makeDir({ 'app.yaml': secretYaml('app') }));
      try {
        await save(fx.file('app.yaml'), secretYaml('app', '2'));
        await fx.conn.until('version 2', () => versionOf(fx) === '2');
        await fx.conn.until('no problems', () => fx.conn.problemsByScope.size === 0);
        await sleep(150); // past the settle re-read: nothing else may follow
        assert.equal(versionOf(fx), '2');
        assert.deepEqual(fx.conn.removedKeys(), [], 'the Secret must never be removed while the file is saved');
        assert.deepEqual(fx.conn.keys(), [KEY]);
      } finally {
        await fx.close();
      }
    });
  }

  it('ignores editor temp, swap and backup files', async () => {
    const fx = await startSource(await makeDir({ 'app.yaml': secretYaml('app') }));
    try {
      const temps = ['.app.yaml.swp', 'app.yaml~', '4913', '#app.yaml#', '.#app.yaml', 'app.yaml.tmp', '.hidden/x.yaml', 'notes.txt'];
      for (const [i, name] of temps.entries()) await fx.write(name, secretYaml(`temp-${i}`));
      await fx.write('app.yaml', secretYaml('app', '2')); // a barrier: events are handled in order
      await fx.conn.until('version 2', () => versionOf(fx) === '2');
      await sleep(150);
      assert.deepEqual(fx.conn.keys(), [KEY]);
      assert.deepEqual([...fx.conn.problemsByScope.keys()], []);
    } finally {
      await fx.close();
    }
  });

  it('picks up files in directories created after start', async () => {
    const fx = await startSource(await makeDir());
    try {
      await fx.write('new/deeper/app.yaml', secretYaml('app'));
      await fx.conn.until('app', () => fx.conn.objects.has(KEY));
      assert.equal(fx.conn.objects.get(KEY)!.origin.file, fx.file('new/deeper/app.yaml'));
    } finally {
      await fx.close();
    }
  });

  it('delivers nothing after stop()', async () => {
    const fx = await startSource(await makeDir({ 'app.yaml': secretYaml('app') }));
    await fx.source.stop();
    const calls = fx.conn.calls.length;
    await fx.write('app.yaml', secretYaml('app', '2'));
    await sleep(150);
    assert.equal(fx.conn.calls.length, calls);
    await fx.close();
  });
});

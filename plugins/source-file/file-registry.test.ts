import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { objectKey } from '../../core/index.js';
import { loadFile, type FileLoad } from './file-loader.js';
import { FileRegistry } from './file-registry.js';
import { defaultKinds } from '../../test/fixtures/routing-processors.js';

const KINDS = defaultKinds();

const secret = (name: string, label = 'x') => `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}, labels: {v: ${label}}}\n`;
const load = (file: string, ...docs: string[]): FileLoad => loadFile(docs.join('---\n'), { file, defaultNamespace: 'default', kinds: KINDS });
const broken = (file: string): FileLoad => loadFile('kind: [\n', { file, defaultNamespace: 'default', kinds: KINDS });

describe('FileRegistry', () => {
  it('starts with every file in path order; a duplicate goes to the first path and the other file gets a problem', () => {
    const r = new FileRegistry();
    const { objects, problems } = r.initial(
      new Map([
        ['/d/b.yaml', load('/d/b.yaml', secret('shared', 'b'), secret('only-b'))],
        ['/d/a.yaml', load('/d/a.yaml', secret('shared', 'a'))],
      ]),
    );
    assert.deepEqual(objects.map((o) => [o.object.metadata.name, o.origin.file]), [
      ['only-b', '/d/b.yaml'],
      ['shared', '/d/a.yaml'],
    ]);
    assert.deepEqual([...problems.keys()], ['/d/b.yaml']);
    const [p] = problems.get('/d/b.yaml')!;
    assert.equal(p!.reason, 'DuplicateObject');
    assert.equal(p!.line, 1);
    assert.match(p!.message, /already defined in \/d\/a\.yaml:1; this definition in \/d\/b\.yaml is ignored/);
  });

  it('sends only what changed', () => {
    const r = new FileRegistry();
    r.initial(new Map([['/d/a.yaml', load('/d/a.yaml', secret('one'), secret('two'), secret('three'))]]));
    const u = r.update('/d/a.yaml', load('/d/a.yaml', secret('one'), secret('two', 'changed')));
    assert.deepEqual(u.upserts.map((o) => o.object.metadata.name), ['two']);
    assert.deepEqual(u.removals, [{ kind: 'Secret', namespace: 'default', name: 'three' }]);
    assert.deepEqual([...u.problems], []);
  });

  it('keeps the last good version of a broken file, reports it, and clears the problem when fixed', () => {
    const r = new FileRegistry();
    r.initial(new Map([['/d/a.yaml', load('/d/a.yaml', secret('one'))]]));
    const bad = r.update('/d/a.yaml', broken('/d/a.yaml'));
    assert.deepEqual([bad.upserts, bad.removals], [[], []]);
    assert.equal(bad.problems.get('/d/a.yaml')?.[0]?.reason, 'YamlSyntax');
    assert.deepEqual(r.deliveredKeys(), ['Secret/default/one']);
    const fixed = r.update('/d/a.yaml', load('/d/a.yaml', secret('uno')));
    assert.deepEqual(fixed.upserts.map((o) => o.object.metadata.name), ['uno']);
    assert.deepEqual(fixed.removals.map(objectKey), ['Secret/default/one']);
    assert.deepEqual(fixed.problems.get('/d/a.yaml'), []);
  });

  it('a file that never parsed contributes nothing until it does', () => {
    const r = new FileRegistry();
    const { objects, problems } = r.initial(new Map([['/d/a.yaml', broken('/d/a.yaml')]]));
    assert.deepEqual(objects, []);
    assert.equal(problems.get('/d/a.yaml')?.length, 1);
  });

  it('hands a duplicate to the other file when the winner drops it, and clears that file\'s problem', () => {
    const r = new FileRegistry();
    r.initial(new Map([
      ['/d/a.yaml', load('/d/a.yaml', secret('shared', 'a'))],
      ['/d/b.yaml', load('/d/b.yaml', secret('shared', 'b'))],
    ]));
    const u = r.update('/d/a.yaml', undefined);
    assert.deepEqual(u.removals, []);
    assert.deepEqual(u.upserts.map((o) => [o.object.metadata.labels?.['v'], o.origin.file]), [['b', '/d/b.yaml']]);
    assert.deepEqual(u.problems.get('/d/b.yaml'), []);
    assert.equal(u.problems.has('/d/a.yaml'), false, 'a.yaml never had problems');
  });

  it('a later file defining an existing object does not take it over', () => {
    const r = new FileRegistry();
    r.initial(new Map([['/d/z.yaml', load('/d/z.yaml', secret('shared', 'z'))]]));
    const u = r.update('/d/a.yaml', load('/d/a.yaml', secret('shared', 'a'), secret('mine')));
    assert.deepEqual(u.upserts.map((o) => o.object.metadata.name), ['mine']);
    assert.match(u.problems.get('/d/a.yaml')?.[0]?.message ?? '', /already defined in \/d\/z\.yaml/);
  });

  it('deleting a file removes its objects and clears its problems', () => {
    const r = new FileRegistry();
    r.initial(new Map([['/d/a.yaml', load('/d/a.yaml', secret('one'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n')]]));
    const u = r.update('/d/a.yaml', undefined);
    assert.deepEqual(u.removals.map(objectKey), ['Secret/default/one']);
    assert.deepEqual(u.problems.get('/d/a.yaml'), []);
  });
});

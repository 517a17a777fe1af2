/**
 * Test code stays out of the folders that ship (core, plugins, cli, config): there, only `*.test.ts`
 * files may use test tools or import from test/, and no product file imports a test file. The image
 * build deletes dist/test and the compiled `*.test.js`, so what this test allows is exactly what ships.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SHIPPED = ['core', 'plugins', 'cli', 'config'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' ? [] : sources(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

describe('production folders', () => {
  const files = SHIPPED.flatMap((d) => sources(join(ROOT, d)));

  it('finds the sources (run from dist/test/support)', () => {
    assert.ok(files.length > 100, `only ${files.length} files under ${ROOT}`);
  });

  it('hold no test support: only *.test.ts files use node:test, node:assert or anything under test/', () => {
    const offenders = files
      .filter((f) => !f.endsWith('.test.ts'))
      .filter((f) => {
        const text = readFileSync(f, 'utf8');
        return /from '(node:test|node:assert[^']*)'/.test(text) || /from '(\.\.\/)+test\//.test(text) || /from '[^']*\.test\.js'/.test(text);
      })
      .map((f) => relative(ROOT, f));
    assert.deepEqual(offenders, []);
  });
});

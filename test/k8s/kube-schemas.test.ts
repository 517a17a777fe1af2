import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { createTempDir } from '../e2e/harness/temp-dir.js';
import { repoPath } from './harness/kube-tools.js';

const run = promisify(execFile);

describe('the schemas of built-in kinds are Kubernetes’ own', () => {
  it('core/kinds/kube-schemas.generated.ts is what scripts/gen-kube-schemas.mjs writes from the published OpenAPI documents', async () => {
    const dir = await createTempDir('isobar-kube-schemas-');
    try {
      const out = dir.file('kube-schemas.ts');
      await run(process.execPath, [repoPath('scripts/gen-kube-schemas.mjs'), out], { timeout: 170_000 });
      assert.equal(readFileSync(repoPath('core/kinds/kube-schemas.generated.ts'), 'utf8'), readFileSync(out, 'utf8'), 'run npm run gen:kube-schemas');
    } finally {
      await dir.remove();
    }
  });
});

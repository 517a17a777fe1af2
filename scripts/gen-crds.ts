import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CRD_FILES, crdYaml } from './crd-yaml.js';

/** Writes every shipped CRD file from its TypeScript source (`npm run gen:crds`). */
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
for (const { files, crd, title } of CRD_FILES) {
  for (const f of files) {
    writeFileSync(path.join(root, f), crdYaml(crd, title));
    console.log(`wrote ${f}`);
  }
}

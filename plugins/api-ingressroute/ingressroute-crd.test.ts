import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { CRD_FILES, crdYaml } from '../../scripts/crd-yaml.js';
import { INGRESSROUTE_CRD } from './ingressroute-crd.js';
import { INGRESSROUTE_KIND } from './ingressroute-kind.js';

/** The repository, from dist/plugins/api-ingressroute. */
const root = path.resolve(import.meta.dirname, '..', '..', '..');

describe('the IngressRoute CRD: one schema for the API server and the file source', () => {
  for (const { files, crd, title } of CRD_FILES) {
    for (const f of files) {
      it(`${f} is what npm run gen:crds writes`, () => {
        assert.equal(readFileSync(path.join(root, f), 'utf8'), crdYaml(crd, title), `${f} differs from its source; run npm run gen:crds`);
      });
    }
  }

  it('the shipped files declare exactly the schema the validator uses', () => {
    const schema = INGRESSROUTE_KIND.validation('contour.heptio.com/v1beta1').schema;
    for (const f of CRD_FILES[0]!.files) {
      const shipped = parse(readFileSync(path.join(root, f), 'utf8')) as typeof INGRESSROUTE_CRD;
      assert.deepEqual(shipped.spec.versions[0].schema.openAPIV3Schema, schema, f);
    }
  });

  it('names the kind as the plugin registers it (group, version, plural, scope, status subresource)', () => {
    const { spec } = INGRESSROUTE_CRD;
    assert.deepEqual(
      [`${spec.group}/${spec.versions[0].name}`, spec.names.plural, spec.scope === 'Namespaced', 'status' in spec.versions[0].subresources],
      [INGRESSROUTE_KIND.apiVersions[0], INGRESSROUTE_KIND.plural, INGRESSROUTE_KIND.namespaced, INGRESSROUTE_KIND.status?.subresource],
    );
  });
});

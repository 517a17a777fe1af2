import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isManifestFile } from './path-filter.js';

describe('isManifestFile', () => {
  const root = '/srv/isobar';
  const cases: Array<[string, boolean]> = [
    ['/srv/isobar/app.yaml', true],
    ['/srv/isobar/app.yml', true],
    ['/srv/isobar/app.json', true],
    ['/srv/isobar/APP.YAML', true],
    ['/srv/isobar/team/a/ingress.yaml', true],
    ['/srv/isobar/readme.md', false],
    ['/srv/isobar/app.yaml~', false],
    ['/srv/isobar/.app.yaml.swp', false],
    ['/srv/isobar/.app.yaml.swx', false],
    ['/srv/isobar/.#app.yaml', false],
    ['/srv/isobar/#app.yaml#', false],
    ['/srv/isobar/4913', false],
    ['/srv/isobar/app.yaml.tmp', false],
    ['/srv/isobar/.hidden.yaml', false],
    ['/srv/isobar/.git/config.yaml', false],
    ['/srv/isobar/..2024_01_01/app.yaml', false],
    ['/srv/isobar/sub/.cache/app.yaml', false],
  ];
  for (const [file, want] of cases) {
    it(`${file} → ${want}`, () => assert.equal(isManifestFile(root, file), want));
  }

  it('a hidden watched directory itself is not a reason to ignore its files', () => {
    assert.equal(isManifestFile('/home/u/.isobar', '/home/u/.isobar/app.yaml'), true);
  });
});

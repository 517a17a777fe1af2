import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatVersions, parseEnvoyVersion } from './versions.js';

describe('parseEnvoyVersion', () => {
  it('takes the release from the field after the commit', () => {
    assert.equal(parseEnvoyVersion('/usr/bin/envoy  version: 9e5580933739775e8bce696a57a2e1bc99368f23/1.40.0/Clean/RELEASE/BoringSSL\n'), '1.40.0');
    assert.equal(parseEnvoyVersion('envoy  version: abc123/1.37.0-dev/Modified/DEBUG/BoringSSL-FIPS'), '1.37.0-dev');
  });

  it('finds none in output that is not a version line', () => {
    assert.equal(parseEnvoyVersion('error: unknown flag --version'), undefined);
    assert.equal(parseEnvoyVersion(''), undefined);
  });
});

describe('formatVersions', () => {
  it('names why Envoy is missing instead of a version', () => {
    assert.equal(formatVersions({ isobar: '1.2.3', node: '24.0.0', envoy: { error: 'no Envoy binary found' } }), 'isobar 1.2.3\nnode   24.0.0\nenvoy  not found: no Envoy binary found\n');
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from './load-config.js';

function file(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'isobar-config-'));
  const f = join(dir, 'isobar.yaml');
  writeFileSync(f, content);
  return f;
}

describe('loadConfig', () => {
  it('gives defaults without a file', () => {
    const c = loadConfig();
    assert.equal(c.listeners.http.port, 8080);
    assert.equal(c.admin.address, '127.0.0.1');
    assert.deepEqual(c.plugins, ['api-ingress', 'api-ingressroute', 'source-file', 'sink-xds', 'websocket', 'prefix-rewrite', 'timeout-retry', 'load-balancing', 'health-check', 'tcp-proxy']);
  });

  it('tenancy.hostOwnership: namespace by default, shared from the file or ISOBAR_HOST_OWNERSHIP, nothing else', () => {
    assert.equal(loadConfig().tenancy.hostOwnership, 'namespace');
    assert.equal(loadConfig(file('tenancy:\n  hostOwnership: shared\n')).tenancy.hostOwnership, 'shared');
    process.env.ISOBAR_HOST_OWNERSHIP = 'shared';
    try {
      assert.equal(loadConfig().tenancy.hostOwnership, 'shared');
    } finally {
      delete process.env.ISOBAR_HOST_OWNERSHIP;
    }
    assert.throws(() => loadConfig(file('tenancy:\n  hostOwnership: anyone\n')), /tenancy\.hostOwnership/);
  });

  it('rejects an unknown key, naming it', () => {
    assert.throws(() => loadConfig(file('listeners:\n  htp:\n    port: 1\n')), /listeners\.htp/);
  });

  it('rejects a wrong type, naming the key', () => {
    assert.throws(() => loadConfig(file('listeners:\n  http:\n    port: banana\n')), /listeners\.http\.port/);
  });

  it('resolves the watched directory relative to the config file', () => {
    const f = file('sourceFile:\n  directory: ./k8s\n');
    assert.equal(loadConfig(f).sourceFile.directory, join(f, '..', 'k8s'));
  });

  it('defaults xds.tls to plaintext and resolves its files relative to the config file', () => {
    assert.deepEqual(loadConfig().xds.tls, { caFile: '', certFile: '', keyFile: '' });
    const f = file('xds:\n  tls:\n    caFile: certs/ca.crt\n    certFile: /abs/tls.crt\n    keyFile: ../tls.key\n');
    assert.deepEqual(loadConfig(f).xds.tls, { caFile: join(f, '..', 'certs', 'ca.crt'), certFile: '/abs/tls.crt', keyFile: join(f, '..', '..', 'tls.key') });
    process.env.ISOBAR_XDS_TLS_CA = '/env/ca.crt';
    try {
      assert.equal(loadConfig().xds.tls.caFile, '/env/ca.crt');
    } finally {
      delete process.env.ISOBAR_XDS_TLS_CA;
    }
  });

  it('lets the environment override the file, and flags override both', () => {
    const f = file('xds:\n  port: 9000\n');
    process.env.ISOBAR_XDS_PORT = '9100';
    try {
      assert.equal(loadConfig(f).xds.port, 9100);
      assert.equal(loadConfig(f, { 'xds.port': 9200 }).xds.port, 9200);
    } finally {
      delete process.env.ISOBAR_XDS_PORT;
    }
  });

  it('reports YAML syntax errors with the file name', () => {
    const f = file('xds: [\n');
    assert.throws(() => loadConfig(f), (e: Error) => e.message.includes(f));
  });
});

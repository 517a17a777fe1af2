import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { IsobarError } from '../core/errors.js';
import { loadConfig } from './load-config.js';
import { schemaLeaves } from './schema-leaves.js';
import { schema } from './schema.js';
import { isStrictFormat } from './strict-formats.js';

function file(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'isobar-strict-'));
  const f = join(dir, 'isobar.yaml');
  writeFileSync(f, content);
  return f;
}

/** Runs `fn` with environment variables set, restoring them afterwards. */
function withEnv<T>(vars: Record<string, string>, fn: () => T): T {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

function configError(fn: () => unknown): IsobarError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof IsobarError, String(err));
    return err;
  }
  assert.fail('expected a config error');
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('config: strict values', () => {
  it('uses only strict formats, a list of allowed values, or String for every key', () => {
    for (const [key, leaf] of schemaLeaves(schema)) {
      assert.ok(isStrictFormat(leaf.format) || Array.isArray(leaf.format) || leaf.format === String, `${key} has the lenient format ${String(leaf.format)}`);
    }
  });

  for (const bad of ['8o00', '80.5', '', '1e3', '0x50', ' 80', '-1', '65536']) {
    it(`refuses admin.port ${JSON.stringify(bad)} from the environment, naming the variable and key`, () => {
      const e = withEnv({ ISOBAR_ADMIN_PORT: bad }, () => configError(() => loadConfig()));
      assert.equal(e.code, 'CONFIG_INVALID');
      assert.match(e.message, /^environment variable ISOBAR_ADMIN_PORT \(admin\.port\): must be a port number/);
    });
  }

  it('takes ports written in digits, and 0 only where the doc gives 0 a meaning', () => {
    assert.equal(withEnv({ ISOBAR_ADMIN_PORT: '8100' }, () => loadConfig()).admin.port, 8100);
    assert.equal(withEnv({ ISOBAR_ADMIN_PORT: '0' }, () => loadConfig()).admin.port, 0);
    assert.equal(withEnv({ ISOBAR_XDS_PORT: '0' }, () => loadConfig()).xds.port, 0);
    assert.equal(loadConfig(file('sinkStatic:\n  envoyAdminPort: 0\n')).sinkStatic.envoyAdminPort, 0);
    assert.deepEqual(loadConfig().envoy.stats, { address: '127.0.0.1', port: 8002, perHost: true });
    assert.equal(loadConfig(file('envoy:\n  stats: { port: 0 }\n')).envoy.stats.port, 0, 'no stats listener');
    assert.match(withEnv({ ISOBAR_ENVOY_STATS_PORT: '8o02' }, () => configError(() => loadConfig())).message, /^environment variable ISOBAR_ENVOY_STATS_PORT \(envoy\.stats\.port\): must be a port number \(0-65535\)/);
    const e = withEnv({ ISOBAR_HTTP_PORT: '0' }, () => configError(() => loadConfig()));
    assert.match(e.message, /ISOBAR_HTTP_PORT \(listeners\.http\.port\): must be a port number \(1-65535\)/);
  });

  for (const [text, why] of [
    ['1e3', 'YAML reads it as 1000'],
    ['80.5', 'not whole'],
    ['0x50', 'YAML reads it as 80'],
    ['""', 'empty'],
    ['8o00', 'not a number'],
    ['[80]', 'a list'],
  ] as const) {
    it(`refuses admin.port: ${text} in the file (${why}), naming the file, line and key`, () => {
      const f = file(`log:\n  level: info\nadmin:\n  port: ${text}\n`);
      const e = configError(() => loadConfig(f));
      assert.equal(e.code, 'CONFIG_INVALID');
      assert.match(e.message, new RegExp(`^config file ${escape(f)}, line 4 \\(admin\\.port\\): must be a port number`));
    });
  }

  it('takes a port quoted in the file when the text is digits', () => {
    assert.equal(loadConfig(file('admin:\n  port: "8100"\n')).admin.port, 8100);
  });

  it('nat keys: whole numbers of 0 or more, in digits', () => {
    assert.equal(withEnv({ ISOBAR_DEBOUNCE_MS: '0' }, () => loadConfig()).engine.debounceMs, 0);
    assert.equal(loadConfig(file('engine:\n  debounceMs: 25\n')).engine.debounceMs, 25);
    for (const bad of ['-5', '2.5', '1e3', '', 'soon']) {
      const e = withEnv({ ISOBAR_DEBOUNCE_MS: bad }, () => configError(() => loadConfig()));
      assert.match(e.message, /^environment variable ISOBAR_DEBOUNCE_MS \(engine\.debounceMs\): must be a whole number/, bad);
    }
    assert.match(configError(() => loadConfig(file('engine:\n  debounceMs: -1\n'))).message, /line 2 \(engine\.debounceMs\): must be a whole number/);
  });

  it('booleans: true or false, nothing else', () => {
    assert.equal(withEnv({ ISOBAR_ACCESS_LOG: 'true' }, () => loadConfig()).envoy.accessLog, true);
    assert.equal(withEnv({ ISOBAR_CHECK_EMITTED: 'false' }, () => loadConfig()).engine.checkEmitted, false);
    for (const bad of ['yes', 'TRUE', '1', '']) {
      const e = withEnv({ ISOBAR_ACCESS_LOG: bad }, () => configError(() => loadConfig()));
      assert.match(e.message, /^environment variable ISOBAR_ACCESS_LOG \(envoy\.accessLog\): must be true or false/, bad);
    }
    assert.match(configError(() => loadConfig(file('envoy:\n  accessLog: 1\n'))).message, /line 2 \(envoy\.accessLog\): must be true or false/);
  });

  it('enums: one of the listed values exactly', () => {
    const e = withEnv({ ISOBAR_LOG_LEVEL: 'INFO' }, () => configError(() => loadConfig()));
    assert.match(e.message, /^environment variable ISOBAR_LOG_LEVEL \(log\.level\): must be one of trace, debug/);
    assert.match(configError(() => loadConfig(file('xds:\n  configSource: ADS\n'))).message, /line 2 \(xds\.configSource\): must be one of ads, grpc/);
  });

  it('lists from the environment are comma-separated; an empty item is an error, an empty value the empty list', () => {
    assert.deepEqual(withEnv({ ISOBAR_WATCH_NAMESPACES: 'a, b' }, () => loadConfig()).sourceK8s.watchNamespaces, ['a', 'b']);
    assert.deepEqual(withEnv({ ISOBAR_WATCH_NAMESPACES: '' }, () => loadConfig()).sourceK8s.watchNamespaces, []);
    const e = withEnv({ ISOBAR_WATCH_NAMESPACES: 'a,,b' }, () => configError(() => loadConfig()));
    assert.match(e.message, /ISOBAR_WATCH_NAMESPACES \(sourceK8s\.watchNamespaces\): must be a comma-separated list/);
    assert.deepEqual(loadConfig(file('plugins: source-file, sink-xds\n')).plugins, ['source-file', 'sink-xds'], 'a comma-separated string in the file reads as in the environment');
    assert.match(configError(() => loadConfig(file('plugins: [source-file, 3]\n'))).message, /line 1 \(plugins\): must be a list of non-empty strings/);
  });

  it('strings must be strings in the file', () => {
    assert.match(configError(() => loadConfig(file('standalone:\n  nodeId: 12\n'))).message, /line 2 \(standalone\.nodeId\): must be a string, got number 12/);
  });

  it('names the flag for a bad flag value, as a usage error', () => {
    const e = configError(() => loadConfig(undefined, { 'log.level': 'loud' }, { 'log.level': '--log-level' }));
    assert.equal(e.code, 'USAGE');
    assert.match(e.message, /^flag --log-level \(log\.level\): must be one of/);
  });

  it('does not blame the config file for the environment', () => {
    const f = file('admin:\n  port: 8100\n');
    const e = withEnv({ ISOBAR_XDS_PORT: 'x' }, () => configError(() => loadConfig(f)));
    assert.doesNotMatch(e.message, new RegExp(escape(f)));
    assert.match(e.message, /^environment variable ISOBAR_XDS_PORT \(xds\.port\)/);
  });

  it('reports every problem at once, the file in line order', () => {
    const f = file('admin:\n  prot: 1\n  port: 1e3\nengine:\n  debounceMs: soon\n');
    const e = withEnv({ ISOBAR_ACCESS_LOG: 'yes' }, () => configError(() => loadConfig(f)));
    const lines = e.message.split('\n');
    assert.equal(lines.length, 4, e.message);
    assert.match(lines[0]!, /line 2 \(admin\.prot\): unknown key/);
    assert.match(lines[1]!, /line 3 \(admin\.port\)/);
    assert.match(lines[2]!, /line 5 \(engine\.debounceMs\)/);
    assert.match(lines[3]!, /^environment variable ISOBAR_ACCESS_LOG/);
  });

  it('refuses a scalar where a section of keys belongs', () => {
    assert.match(configError(() => loadConfig(file('admin: 8000\n'))).message, /line 1 \(admin\): must be a mapping/);
  });

  it('resolves paths relative to the file only when the file set them', () => {
    const f = file('sourceFile:\n  directory: k8s\n');
    assert.equal(loadConfig(f).sourceFile.directory, join(f, '..', 'k8s'));
    assert.equal(loadConfig(f, { 'sourceFile.directory': 'other' }, { 'sourceFile.directory': '--directory' }).sourceFile.directory, 'other');
  });
});

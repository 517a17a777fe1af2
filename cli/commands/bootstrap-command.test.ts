import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createBootstrapCommand } from './bootstrap-command.js';

function capture() {
  const io = { stdout: '', stderr: '' };
  const command = createBootstrapCommand({ out: (t) => (io.stdout += t), err: (t) => (io.stderr += t) });
  return { io, command };
}

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'isobar-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('isobar bootstrap', () => {
  it('writes the bootstrap with defaults', async (t) => {
    const file = join(tempDir(t), 'envoy.json');
    const { io, command } = capture();
    assert.equal(await command.run([file]), 0, io.stderr);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(json.node, { id: 'isobar-envoy', cluster: 'isobar' });
    assert.deepEqual(json.admin.address.socketAddress, { address: '127.0.0.1', portValue: 9901 });
    assert.deepEqual(json.staticResources.clusters[0].loadAssignment.endpoints[0].lbEndpoints[0].endpoint.address.socketAddress, {
      address: '127.0.0.1',
      portValue: 8001,
    });
    assert.match(io.stderr, /wrote .*envoy\.json/);
  });

  it('takes every option', async (t) => {
    const dir = tempDir(t);
    const { io, command } = capture();
    const args = ['--xds-address', 'isobar.system.svc', '--xds-port', '18000', '--node-id', 'n', '--node-cluster', 'c', '--admin-port', '0', join(dir, 'b.json')];
    assert.equal(await command.run(args), 0, io.stderr);
    const json = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
    assert.deepEqual(json.node, { id: 'n', cluster: 'c' });
    assert.equal(json.admin.address.socketAddress.portValue, 0);
    assert.equal(json.staticResources.clusters[0].type, 'STRICT_DNS');
    assert.deepEqual(readdirSync(dir), ['b.json']);
  });

  it('writes a delta ADS bootstrap with --xds-mode delta-ads', async () => {
    const { io, command } = capture();
    assert.equal(await command.run(['-', '--xds-mode', 'delta-ads']), 0, io.stderr);
    assert.equal(JSON.parse(io.stdout).dynamicResources.adsConfig.apiType, 'DELTA_GRPC');
  });

  it('writes to stdout for "-"', async () => {
    const { io, command } = capture();
    assert.equal(await command.run(['-', '--node-id', 'x']), 0);
    assert.equal(JSON.parse(io.stdout).node.id, 'x');
  });

  it('prints help', async () => {
    const { io, command } = capture();
    assert.equal(await command.run(['--help']), 0);
    assert.match(io.stdout, /^Usage: isobar bootstrap <file>/);
    assert.match(io.stdout, /--xds-address/);
  });

  const usageErrors: Array<[string[], RegExp]> = [
    [[], /missing <file>/],
    [['a.json', 'b.json'], /expected one <file>, got 2/],
    [['--xds-port', 'http', 'a.json'], /--xds-port must be a port number.*"http"/],
    [['--admin-port', '70000', 'a.json'], /--admin-port must be a port number/],
    [['--xds-port', '0', 'a.json'], /xDS port 0 is not in 1-65535/],
    [['--bogus', 'a.json'], /Unknown option '--bogus'/],
    [['--node-id', '', 'a.json'], /node id is empty/],
    [['--xds-mode', 'rest', 'a.json'], /xDS mode "rest" is not one of ads, delta-ads, per-type/],
  ];
  for (const [args, message] of usageErrors) {
    it(`exits 2 for: ${JSON.stringify(args)}`, async () => {
      const { io, command } = capture();
      assert.equal(await command.run(args), 2);
      assert.match(io.stderr, message);
      assert.equal(io.stdout, '');
    });
  }

  it('exits 1 when the file cannot be written', async (t) => {
    const { io, command } = capture();
    assert.equal(await command.run([join(tempDir(t), 'no', 'such', 'dir.json')]), 1);
    assert.match(io.stderr, /ENOENT/);
  });
});

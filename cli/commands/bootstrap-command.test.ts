import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createBootstrapCommand } from './bootstrap-command.js';
import { captured, itExitsWithUsageError, tempDir } from '../../test/support/cli/command-test-kit.js';

describe('isobar bootstrap', () => {
  it('writes the bootstrap with defaults', async (t) => {
    const file = join(tempDir(t), 'envoy.json');
    const { io, command } = captured(createBootstrapCommand);
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
    const { io, command } = captured(createBootstrapCommand);
    const args = ['--xds-address', 'isobar.system.svc', '--xds-port', '18000', '--node-id', 'n', '--node-cluster', 'c', '--admin-port', '0', join(dir, 'b.json')];
    assert.equal(await command.run(args), 0, io.stderr);
    const json = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8'));
    assert.deepEqual(json.node, { id: 'n', cluster: 'c' });
    assert.equal(json.admin.address.socketAddress.portValue, 0);
    assert.equal(json.staticResources.clusters[0].type, 'STRICT_DNS');
    assert.deepEqual(readdirSync(dir), ['b.json']);
  });

  it('writes a delta ADS bootstrap with --xds-mode delta-ads', async () => {
    const { io, command } = captured(createBootstrapCommand);
    assert.equal(await command.run(['-', '--xds-mode', 'delta-ads']), 0, io.stderr);
    assert.equal(JSON.parse(io.stdout).dynamicResources.adsConfig.apiType, 'DELTA_GRPC');
  });

  it('names the fleet in the node metadata with --fleet, and says so', async (t) => {
    const { io, command } = captured(createBootstrapCommand);
    const file = join(tempDir(t), 'b.json');
    assert.equal(await command.run([file, '--fleet', 'gateway/shop/edge']), 0, io.stderr);
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).node, { id: 'isobar-envoy', cluster: 'isobar', metadata: { 'isobar.io/fleet': 'gateway/shop/edge' } });
    assert.match(io.stderr, /fleet gateway\/shop\/edge/);
  });

  it('writes to stdout for "-"', async () => {
    const { io, command } = captured(createBootstrapCommand);
    assert.equal(await command.run(['-', '--node-id', 'x']), 0);
    assert.equal(JSON.parse(io.stdout).node.id, 'x');
  });

  it('adds mutual TLS to the xDS cluster with --xds-ca/--xds-cert/--xds-key', async () => {
    const { io, command } = captured(createBootstrapCommand);
    const tls = ['--xds-ca', '/certs/ca.crt', '--xds-cert', '/certs/tls.crt', '--xds-key', '/certs/tls.key'];
    assert.equal(await command.run(['-', '--xds-address', 'isobar.edge.svc', ...tls]), 0, io.stderr);
    const socket = JSON.parse(io.stdout).staticResources.clusters[0].transportSocket;
    assert.equal(socket.typedConfig['@type'], 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext');
    assert.equal(socket.typedConfig.sni, 'isobar.edge.svc', 'the --xds-address host name by default');
    const common = socket.typedConfig.commonTlsContext;
    assert.deepEqual(common.tlsCertificates, [{ certificateChain: { filename: '/certs/tls.crt' }, privateKey: { filename: '/certs/tls.key' } }]);
    assert.deepEqual(common.validationContext, {
      trustedCa: { filename: '/certs/ca.crt' },
      matchTypedSubjectAltNames: [{ sanType: 'DNS', matcher: { exact: 'isobar.edge.svc' } }],
    });

    const named = captured(createBootstrapCommand);
    assert.equal(await named.command.run(['-', ...tls, '--xds-server-name', 'xds.example.com']), 0, named.io.stderr);
    assert.equal(JSON.parse(named.io.stdout).staticResources.clusters[0].transportSocket.typedConfig.sni, 'xds.example.com');
  });

  it('mentions mutual TLS when it writes the file', async (t) => {
    const { io, command } = captured(createBootstrapCommand);
    const args = [join(tempDir(t), 'b.json'), '--xds-ca', 'ca', '--xds-cert', 'crt', '--xds-key', 'key'];
    assert.equal(await command.run(args), 0, io.stderr);
    assert.match(io.stderr, /mutual TLS/);
  });

  it('prints help', async () => {
    const { io, command } = captured(createBootstrapCommand);
    assert.equal(await command.run(['--help']), 0);
    assert.match(io.stdout, /^Usage: isobar bootstrap <file>/);
    assert.match(io.stdout, /--xds-address/);
    assert.match(io.stdout, /--fleet <id>/);
  });

  const usageErrors: Array<[string[], RegExp]> = [
    [[], /missing <file>/],
    [['a.json', 'b.json'], /expected one <file>, got 2/],
    [['--xds-port', 'http', 'a.json'], /--xds-port must be a port number.*"http"/],
    [['--admin-port', '70000', 'a.json'], /--admin-port must be a port number/],
    [['--xds-port', '0', 'a.json'], /xDS port 0 is not in 1-65535/],
    [['--bogus', 'a.json'], /Unknown option '--bogus'/],
    [['--node-id', '', 'a.json'], /node id is empty/],
    [['--fleet', '', 'a.json'], /fleet "" is empty or holds white space/],
    [['--fleet', 'gateway/a b', 'a.json'], /fleet "gateway\/a b" is empty or holds white space/],
    [['--fleet', 'a.json'], /missing <file>/],
    [['--xds-mode', 'rest', 'a.json'], /xDS mode "rest" is not one of ads, delta-ads, per-type/],
    [['--xds-ca', 'ca', '--xds-key', 'k', 'a.json'], /needs --xds-ca, --xds-cert and --xds-key together; missing --xds-cert/],
    [['--xds-server-name', 'isobar', 'a.json'], /--xds-server-name needs --xds-ca, --xds-cert and --xds-key/],
    [['--xds-ca', 'ca', '--xds-cert', 'c', '--xds-key', 'k', '--xds-server-name', 'a b', 'a.json'], /xDS server name "a b" is not a host name/],
  ];
  itExitsWithUsageError(createBootstrapCommand, usageErrors);

  it('exits 1 when the file cannot be written', async (t) => {
    const { io, command } = captured(createBootstrapCommand);
    assert.equal(await command.run([join(tempDir(t), 'no', 'such', 'dir.json')]), 1);
    assert.match(io.stderr, /ENOENT/);
  });
});

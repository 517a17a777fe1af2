import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envoy, IsobarError } from '../../core/index.js';
import { buildBootstrap, defaultXdsServerName, renderBootstrap, type BootstrapOptions, type BootstrapTls } from './bootstrap-writer.js';
import { TLS_TRANSPORT_SOCKET } from './xds-cluster.js';

const base: BootstrapOptions = { xdsAddress: '127.0.0.1', xdsPort: 8001, nodeId: 'node-1', nodeCluster: 'edge', adminPort: 9901 };
const files: BootstrapTls = { caFile: '/certs/ca.crt', certFile: '/certs/tls.crt', keyFile: '/certs/tls.key' };
const SanType = envoy.SubjectAltNameMatcher_SanType;

/** The xDS cluster's UpstreamTlsContext, decoded; undefined without a transport socket. */
function upstreamTls(o: BootstrapOptions): envoy.UpstreamTlsContext | undefined {
  const socket = buildBootstrap(o).staticResources?.clusters[0]?.transportSocket;
  if (!socket) return undefined;
  assert.equal(socket.name, TLS_TRANSPORT_SOCKET);
  assert.equal(socket.typedConfig?.typeUrl, 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext');
  return envoy.UpstreamTlsContext.decode(socket.typedConfig!.value);
}

describe('buildBootstrap xdsTls', () => {
  it('is plaintext without it', () => {
    assert.equal(upstreamTls(base), undefined);
    assert.doesNotMatch(renderBootstrap(base), /transportSocket|tls/i);
  });

  it('presents the client certificate and trusts only the CA, for the server name', () => {
    const tls = upstreamTls({ ...base, xdsTls: files })!;
    const common = tls.commonTlsContext!;
    assert.deepEqual(
      common.tlsCertificates.map((c) => [c.certificateChain?.filename, c.privateKey?.filename]),
      [['/certs/tls.crt', '/certs/tls.key']],
    );
    assert.equal(common.validationContext?.trustedCa?.filename, '/certs/ca.crt');
    assert.deepEqual(
      common.validationContext?.matchTypedSubjectAltNames.map((m) => [m.sanType, m.matcher?.exact]),
      [[SanType.DNS, 'isobar']],
    );
    assert.deepEqual(common.alpnProtocols, ['h2']);
    assert.equal(tls.sni, 'isobar');
  });

  const names: Array<[string, string | undefined, SanTypeName, string, string]> = [
    // address, --xds-server-name, SAN type matched, SAN value, SNI
    ['127.0.0.1', undefined, 'DNS', 'isobar', 'isobar'],
    ['::1', undefined, 'DNS', 'isobar', 'isobar'],
    ['isobar.isobar-system.svc', undefined, 'DNS', 'isobar.isobar-system.svc', 'isobar.isobar-system.svc'],
    ['127.0.0.1', 'xds.example.com', 'DNS', 'xds.example.com', 'xds.example.com'],
    ['isobar.isobar-system.svc', '10.0.0.7', 'IP_ADDRESS', '10.0.0.7', ''],
  ];
  for (const [address, serverName, sanType, san, sni] of names) {
    it(`at ${address}${serverName ? ` with server name ${serverName}` : ''}: expects ${sanType} ${san}, SNI "${sni}"`, () => {
      const tls = upstreamTls({ ...base, xdsAddress: address, xdsTls: { ...files, ...(serverName ? { serverName } : {}) } })!;
      const matcher = tls.commonTlsContext?.validationContext?.matchTypedSubjectAltNames[0];
      assert.deepEqual([matcher?.sanType, matcher?.matcher?.exact, tls.sni], [SanType[sanType], san, sni]);
    });
  }

  it('keeps everything else as without TLS, and renders deterministically', () => {
    const plain = JSON.parse(renderBootstrap(base));
    const secure = JSON.parse(renderBootstrap({ ...base, xdsTls: files }));
    delete secure.staticResources.clusters[0].transportSocket;
    assert.deepEqual(secure, plain);
    assert.equal(renderBootstrap({ ...base, xdsTls: files }), renderBootstrap({ ...base, xdsTls: { ...files } }));
  });

  it('defaults the server name to a host name address, else isobar', () => {
    assert.deepEqual(['127.0.0.1', 'fd00::1', 'xds.local'].map(defaultXdsServerName), ['isobar', 'isobar', 'xds.local']);
  });

  const invalid: Array<[string, Partial<BootstrapTls>, RegExp]> = [
    ['an empty CA file', { caFile: '' }, /xDS TLS CA file is empty/],
    ['an empty key file', { keyFile: ' ' }, /xDS TLS key file is empty/],
    ['a server name with a port', { serverName: 'isobar:8001' }, /xDS server name "isobar:8001" is not a host name or IP address/],
    ['an empty server name', { serverName: '' }, /xDS server name "" is not/],
  ];
  for (const [name, change, message] of invalid) {
    it(`refuses ${name}`, () => {
      assert.throws(() => buildBootstrap({ ...base, xdsTls: { ...files, ...change } }), (e: unknown) => e instanceof IsobarError && e.code === 'CONFIG_INVALID' && message.test(e.message));
    });
  }
});

type SanTypeName = 'DNS' | 'IP_ADDRESS';

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envoy, TypeUrl } from '../../core/index.js';
import { createTestPki } from '../../test/e2e/harness/certs.js';
import { tlsSecret } from '../../test/fixtures/objects.js';
import { backend, buildWith, ingressRoute as ir } from '../../test/support/tcp-proxy/tcp-proxy-test-build.js';

const { server } = createTestPki(['tcp.example.com']);
const secret = tlsSecret('default', 'tcp-cert', server.certPem, server.keyPem);
const plainRoot = ir('default', 'web', { virtualhost: { fqdn: 'web.example.com' }, routes: [{ match: '/', services: [{ name: 'web', port: 80 }] }] });
const base = [...backend('default', 'db'), ...backend('default', 'db2'), ...backend('default', 'web', 80), secret, plainRoot];

describe('tcp-proxy processor and filter chain', () => {
  it('passes TLS through by SNI: TCP proxy, no transport socket, no route configuration for the host', () => {
    const b = buildWith([...base, ir('default', 'pass', { virtualhost: { fqdn: 'pass.example.com', tls: { passthrough: true } }, tcpproxy: { services: [{ name: 'db', port: 443 }] } })]);
    assert.deepEqual(b.reasons('default', 'pass'), []);
    assert.match(b.tcpProxy('pass.example.com')?.cluster ?? '', /^default\/db\/443\//);
    assert.equal(b.chain('pass.example.com')?.transportSocket, undefined);
    assert.equal(b.chain('pass.example.com')?.filters.length, 1);
    assert.ok(!b.names(TypeUrl.RouteConfiguration).includes('https/pass.example.com'));
    assert.ok(b.names(TypeUrl.Cluster).includes(b.tcpProxy('pass.example.com')!.cluster!));
  });

  it('terminates TLS with the secret, offers no ALPN, and drops the HTTP routes of the TLS side only', () => {
    const b = buildWith([
      ...base,
      ir('default', 'tcp', {
        virtualhost: { fqdn: 'tcp.example.com', tls: { secretName: 'tcp-cert' } },
        routes: [{ match: '/', permitInsecure: true, services: [{ name: 'web', port: 80 }] }],
        tcpproxy: { services: [{ name: 'db', port: 443 }] },
      }),
    ]);
    const chain = b.chain('tcp.example.com')!;
    assert.equal(chain.filters[0]?.name, 'envoy.filters.network.tcp_proxy');
    const tls = envoy.DownstreamTlsContext.decode(chain.transportSocket!.typedConfig!.value);
    assert.deepEqual(tls.commonTlsContext?.tlsCertificateSdsSecretConfigs.map((s) => s.name), ['default/tcp-cert']);
    assert.deepEqual(tls.commonTlsContext?.alpnProtocols, []);
    assert.ok(!b.names(TypeUrl.RouteConfiguration).includes('https/tcp.example.com'), 'no route configuration the chain does not use');
    assert.deepEqual(b.reasons('default', 'tcp'), ['RoutesNotServedOverTls']);
    assert.equal(b.state('default', 'tcp'), 'warning');
  });

  it('splits by weight across several services, merging a service named twice', () => {
    const b = buildWith([
      ...base,
      ir('default', 'w', {
        virtualhost: { fqdn: 'w.example.com', tls: { passthrough: true } },
        tcpproxy: { services: [{ name: 'db', port: 443, weight: 30 }, { name: 'db2', port: 443, weight: 60 }, { name: 'db', port: 443, weight: 10 }] },
      }),
    ]);
    const clusters = b.tcpProxy('w.example.com')?.weightedClusters?.clusters.map((c) => [c.name.split('/')[1], c.weight]);
    assert.deepEqual(clusters, [['db', 40], ['db2', 60]]);
  });

  it('resolves services of a tcpproxy delegate in the delegate’s namespace', () => {
    const b = buildWith([
      ...base,
      ...backend('data', 'db'),
      ir('default', 'root', { virtualhost: { fqdn: 'd.example.com', tls: { passthrough: true } }, tcpproxy: { delegate: { name: 'db', namespace: 'data' } } }),
      ir('data', 'db', { tcpproxy: { services: [{ name: 'db', port: 443 }] } }),
    ]);
    assert.match(b.tcpProxy('d.example.com')?.cluster ?? '', /^data\/db\/443\//);
    assert.equal(b.state('data', 'db'), 'valid');
  });

  it('reports a missing service on the object holding tcpproxy and serves the rest', () => {
    const b = buildWith([
      ...base,
      ir('default', 'half', { virtualhost: { fqdn: 'half.example.com', tls: { passthrough: true } }, tcpproxy: { services: [{ name: 'nope', port: 443 }, { name: 'db', port: 443 }] } }),
    ]);
    assert.deepEqual(b.reasons('default', 'half'), ['ServiceNotFound']);
    assert.match(b.tcpProxy('half.example.com')?.cluster ?? '', /^default\/db\//);
  });

  it('leaves out a host none of whose services resolve, and its certificate; other hosts stay', () => {
    const b = buildWith([
      ...base,
      ir('default', 'gone', { virtualhost: { fqdn: 'tcp.example.com', tls: { secretName: 'tcp-cert' } }, tcpproxy: { services: [{ name: 'nope', port: 443 }, { name: 'db', port: 9 }] } }),
      ir('default', 'pass', { virtualhost: { fqdn: 'pass.example.com', tls: { passthrough: true } }, tcpproxy: { services: [{ name: 'db', port: 443 }] } }),
    ]);
    assert.deepEqual(b.reasons('default', 'gone'), ['ServiceNotFound', 'ServicePortNotFound', 'TcpProxyUnavailable']);
    assert.equal(b.chain('tcp.example.com'), undefined);
    assert.deepEqual(b.names(TypeUrl.Secret), []);
    assert.ok(b.tcpProxy('pass.example.com'));
    assert.ok(b.names(TypeUrl.RouteConfiguration).includes('ingress_http'));
  });

  it('has no HTTPS listener when the only TCP host is left out', () => {
    const b = buildWith([...base, ir('default', 'gone', { virtualhost: { fqdn: 'x.example.com', tls: { passthrough: true } }, tcpproxy: { services: [{ name: 'nope', port: 443 }] } })]);
    assert.ok(!b.names(TypeUrl.Listener).includes('ingress_https'));
    assert.equal(b.state('default', 'gone'), 'invalid');
  });

  it('warns about an invalid weight and splits evenly instead', () => {
    const b = buildWith([
      ...base,
      ir('default', 'bw', { virtualhost: { fqdn: 'bw.example.com', tls: { passthrough: true } }, tcpproxy: { services: [{ name: 'db', port: 443, weight: -1 }, { name: 'db2', port: 443 }] } }),
    ]);
    assert.deepEqual(b.reasons('default', 'bw'), ['FieldInvalid']);
    assert.deepEqual(b.tcpProxy('bw.example.com')?.weightedClusters?.clusters.map((c) => c.weight), [1, 1]);
  });

  it('splits evenly, with a warning, when every weight is 0', () => {
    const b = buildWith([
      ...base,
      ir('default', 'z', { virtualhost: { fqdn: 'z.example.com', tls: { passthrough: true } }, tcpproxy: { services: [{ name: 'db', port: 443, weight: 0 }, { name: 'db2', port: 443, weight: 0 }] } }),
    ]);
    assert.deepEqual(b.reasons('default', 'z'), ['WeightsAllZero']);
    assert.deepEqual(b.tcpProxy('z.example.com')?.weightedClusters?.clusters.map((c) => c.weight), [1, 1]);
  });

  it('without the plugin, warns FeatureDisabled and makes no TLS chain for the host', () => {
    const b = buildWith([...base, ir('default', 'pass', { virtualhost: { fqdn: 'pass.example.com', tls: { passthrough: true } }, tcpproxy: { services: [{ name: 'db', port: 443 }] } })], false);
    assert.deepEqual(b.reasons('default', 'pass'), ['FeatureDisabled']);
    assert.equal(b.chain('pass.example.com'), undefined);
  });
});

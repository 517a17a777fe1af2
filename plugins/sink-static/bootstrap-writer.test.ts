import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { envoy, IsobarError } from '../../core/index.js';
import { buildBootstrap, renderBootstrap, writeBootstrapFile, XDS_CLUSTER_NAME, type BootstrapOptions } from './bootstrap-writer.js';
import { HTTP_PROTOCOL_OPTIONS_KEY } from './xds-cluster.js';

const base: BootstrapOptions = { xdsAddress: '127.0.0.1', xdsPort: 8001, nodeId: 'node-1', nodeCluster: 'edge', adminPort: 9901 };

describe('buildBootstrap', () => {
  it('names the node and gets listeners and clusters over ADS (v3)', () => {
    const b = buildBootstrap(base);
    assert.deepEqual({ id: b.node?.id, cluster: b.node?.cluster }, { id: 'node-1', cluster: 'edge' });
    const ads = b.dynamicResources?.adsConfig;
    assert.equal(ads?.apiType, envoy.ApiConfigSource_ApiType.GRPC);
    assert.equal(ads?.transportApiVersion, envoy.ApiVersion.V3);
    assert.equal(ads?.grpcServices[0]?.envoyGrpc?.clusterName, XDS_CLUSTER_NAME);
    for (const source of [b.dynamicResources?.ldsConfig, b.dynamicResources?.cdsConfig]) {
      assert.deepEqual(source?.ads, {});
      assert.equal(source?.resourceApiVersion, envoy.ApiVersion.V3);
    }
  });

  it('names the fleet in node.metadata only when one is given', () => {
    assert.equal(buildBootstrap(base).node?.metadata, undefined);
    assert.deepEqual(buildBootstrap({ ...base, fleet: 'gateway/ns/gw' }).node?.metadata, { 'isobar.io/fleet': 'gateway/ns/gw' });
    assert.match(renderBootstrap({ ...base, fleet: 'gateway/ns/gw' }), /"metadata": \{\s*"isobar\.io\/fleet": "gateway\/ns\/gw"\s*\}/);
  });

  it('reconnects to the xDS server with backoff (defaults, or as given)', () => {
    const backoff = (o: BootstrapOptions) => buildBootstrap(o).dynamicResources?.adsConfig?.grpcServices[0]?.envoyGrpc?.retryPolicy?.retryBackOff;
    assert.deepEqual(backoff(base), { baseInterval: { seconds: 0, nanos: 500_000_000 }, maxInterval: { seconds: 10, nanos: 0 } });
    assert.deepEqual(backoff({ ...base, xdsRetryBaseMs: 250, xdsRetryMaxMs: 2000 }), { baseInterval: { seconds: 0, nanos: 250_000_000 }, maxInterval: { seconds: 2, nanos: 0 } });
  });

  it('binds admin to 127.0.0.1 only', () => {
    assert.deepEqual(buildBootstrap({ ...base, adminPort: 19000 }).admin?.address?.socketAddress, {
      ...buildBootstrap(base).admin?.address?.socketAddress,
      address: '127.0.0.1',
      portValue: 19000,
    });
    assert.doesNotMatch(renderBootstrap(base), /0\.0\.0\.0/);
  });

  const clusterCases: Array<{ address: string; type: envoy.Cluster_DiscoveryType }> = [
    { address: '127.0.0.1', type: envoy.Cluster_DiscoveryType.STATIC },
    { address: '::1', type: envoy.Cluster_DiscoveryType.STATIC },
    { address: 'isobar.projectisobar.svc', type: envoy.Cluster_DiscoveryType.STRICT_DNS },
  ];
  for (const c of clusterCases) {
    it(`reaches the xDS server at ${c.address} with a ${envoy.Cluster_DiscoveryType[c.type]} HTTP/2 cluster`, () => {
      const cluster = buildBootstrap({ ...base, xdsAddress: c.address }).staticResources?.clusters[0];
      assert.equal(cluster?.name, XDS_CLUSTER_NAME);
      assert.equal(cluster?.type, c.type);
      assert.deepEqual(cluster?.connectTimeout, { seconds: 5, nanos: 0 });
      assert.deepEqual(cluster?.loadAssignment?.endpoints[0]?.lbEndpoints[0]?.endpoint?.address?.socketAddress?.address, c.address);
      const any = cluster?.typedExtensionProtocolOptions[HTTP_PROTOCOL_OPTIONS_KEY];
      assert.equal(any?.typeUrl, `type.googleapis.com/${HTTP_PROTOCOL_OPTIONS_KEY}`);
      const options = envoy.HttpProtocolOptions.decode(any!.value);
      assert.ok(options.explicitHttpConfig?.http2ProtocolOptions?.connectionKeepalive?.interval);
      assert.ok(cluster?.upstreamConnectionOptions?.tcpKeepalive);
    });
  }

  const invalid: Array<[string, Partial<BootstrapOptions>, RegExp]> = [
    ['xDS port 0', { xdsPort: 0 }, /xDS port 0 is not in 1-65535/],
    ['a fractional admin port', { adminPort: 1.5 }, /admin port 1.5/],
    ['an empty node id', { nodeId: ' ' }, /node id is empty/],
    ['an empty node cluster', { nodeCluster: '' }, /node cluster is empty/],
    ['host:port as address', { xdsAddress: 'isobar:8001' }, /looks like host:port/],
    ['a URL as address', { xdsAddress: 'http://isobar' }, /not an IP address or host name/],
    ['backoff max below base', { xdsRetryBaseMs: 1000, xdsRetryMaxMs: 10 }, /base <= max/],
  ];
  for (const [name, change, message] of invalid) {
    it(`rejects ${name}`, () => {
      assert.throws(() => buildBootstrap({ ...base, ...change }), (err: unknown) => {
        assert.ok(err instanceof IsobarError);
        assert.equal(err.code, 'CONFIG_INVALID');
        assert.match(err.message, message);
        return true;
      });
    });
  }
});

describe('writeBootstrapFile', () => {
  it('replaces the file with the rendered JSON and leaves no temp file', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'isobar-bootstrap-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'envoy.json');
    writeFileSync(file, 'old');
    writeBootstrapFile(file, base);
    assert.equal(readFileSync(file, 'utf8'), renderBootstrap(base));
    assert.deepEqual(readdirSync(dir), ['envoy.json']);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(json.staticResources.clusters[0].typedExtensionProtocolOptions[HTTP_PROTOCOL_OPTIONS_KEY]['@type'], `type.googleapis.com/${HTTP_PROTOCOL_OPTIONS_KEY}`);
  });

  it('fails without leaving a temp file when the directory is missing', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'isobar-bootstrap-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    assert.throws(() => writeBootstrapFile(join(dir, 'missing', 'envoy.json'), base), /ENOENT/);
    assert.deepEqual(readdirSync(dir), []);
  });
});

describe('buildBootstrap stats listener', () => {
  it('adds a stats listener and an admin cluster only when a stats port is given', () => {
    assert.equal(buildBootstrap(base).staticResources?.listeners.length, 0);
    const b = buildBootstrap({ ...base, statsAddress: '127.0.0.1', statsPort: 8002 });
    assert.deepEqual(b.staticResources?.listeners.map((l) => [l.name, l.address?.socketAddress?.address, l.address?.socketAddress?.portValue]), [['isobar~stats', '127.0.0.1', 8002]]);
    const admin = b.staticResources?.clusters.find((c) => c.name === 'isobar~envoy-admin');
    assert.deepEqual(admin?.loadAssignment?.endpoints[0]?.lbEndpoints[0]?.endpoint?.address?.socketAddress?.portValue, 9901);
    assert.equal(renderBootstrap({ ...base, statsPort: 8002 }), renderBootstrap({ ...base, statsPort: 8002 }));
  });

  it('rejects a stats port without a fixed admin port, or out of range', () => {
    assert.throws(() => buildBootstrap({ ...base, adminPort: 0, statsPort: 8002 }), /stats port needs a fixed admin port/);
    assert.throws(() => buildBootstrap({ ...base, statsPort: 70000 }), /stats port 70000/);
  });
});

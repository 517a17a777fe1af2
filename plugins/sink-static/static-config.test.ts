import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSnapshot, envoy, IsobarError, packAny, TypeUrl, type NamedResource, type Snapshot } from '../../core/index.js';
import { build, SETTINGS } from '../../test/fixtures/build.js';
import { endpoints, ingressV1, service, storeOf, tlsSecret } from '../../test/fixtures/objects.js';
import { createTestPki } from '../../test/e2e/harness/certs.js';
import { fleetBuild, gwIngress, gwService } from '../../test/fixtures/fleet-build.js';
import { fileModeFor, renderStaticBootstrap, selfContainedResources, type StaticBootstrapOptions } from './static-config.js';

const OPTIONS: StaticBootstrapOptions = { adminPort: 9902, nodeId: 'vm-1', nodeCluster: 'edge' };
const { server } = createTestPki(['shop.example.com']);
const CERT = server.certPem;
const KEY = server.keyPem;

/** A real build: two hosts (one with TLS), their services and endpoints. */
function snapshot(): Snapshot {
  const objects = [
    service('web', 'shop', [{ name: 'http', port: 80 }]),
    endpoints('web', 'shop', '10.0.0.7', [{ name: 'http', port: 8080 }]),
    service('web', 'blog', [{ port: 80 }]),
    endpoints('web', 'blog', '10.0.0.8', [{ port: 9090 }]),
    tlsSecret('web', 'shop-tls', CERT, KEY),
    ingressV1('web', 'shop', {
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      rules: [
        { host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'shop', port: { number: 80 } } } }] } },
        { host: 'blog.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'blog', port: { number: 80 } } } }] } },
      ],
    }),
  ];
  return build(storeOf(objects), { ...SETTINGS, proxylessGrpc: true }).snapshot;
}

type Json = Record<string, any>;

function hcmOf(chain: Json): Json {
  return chain['filters'].find((f: Json) => f['name'] === 'envoy.filters.network.http_connection_manager')['typedConfig'];
}

describe('selfContainedResources', () => {
  it("is the default fleet's: other fleets' listeners and what only they use are left out", () => {
    const store = storeOf([...gwService('app'), ...gwService('a'), gwIngress('app', 'app.example.com', 'app')]);
    const fleets = fleetBuild(store, { listeners: [{ name: 'gw-a', fleet: 'gateway/gw/a', port: 9001, tls: true, hosts: { 'a.example.com': 'a' } }] }).snapshot;
    const { listeners, clusters } = selfContainedResources(fleets);
    assert.deepEqual(listeners.map((l) => l.name), ['ingress_http']);
    assert.deepEqual(clusters.map((c) => c.name.split('/').slice(0, 3).join('/')), ['gw/app/http']);
    assert.equal(fileModeFor(fleets), 0o644, "fleet A's private key is not in the file");
  });
});

describe('renderStaticBootstrap', () => {
  it('renders the same bytes for the same snapshot, and for a rebuild of the same objects', () => {
    const s = snapshot();
    const text = renderStaticBootstrap(s, OPTIONS);
    assert.equal(renderStaticBootstrap(s, OPTIONS), text);
    assert.equal(renderStaticBootstrap(snapshot(), OPTIONS), text);
  });

  it('puts everything in static_resources with admin on 127.0.0.1 and no xDS left', () => {
    const json = JSON.parse(renderStaticBootstrap(snapshot(), OPTIONS)) as Json;
    assert.deepEqual(json['node'], { id: 'vm-1', cluster: 'edge' });
    assert.deepEqual(json['admin'].address.socketAddress, { address: '127.0.0.1', portValue: 9902 });
    assert.equal(json['dynamicResources'], undefined);
    assert.doesNotMatch(JSON.stringify(json), /"ads"|"rds"|edsClusterConfig|SdsSecretConfig|"typeUrl"/);
  });

  it('inlines the route configuration into each HTTP connection manager', () => {
    const json = JSON.parse(renderStaticBootstrap(snapshot(), OPTIONS)) as Json;
    const http = json['staticResources'].listeners.find((l: Json) => l['name'] === 'ingress_http');
    const routeConfig = hcmOf(http.filterChains[0])['routeConfig'];
    assert.equal(routeConfig.name, 'ingress_http');
    assert.equal(routeConfig.validateClusters, false);
    assert.deepEqual(routeConfig.virtualHosts.map((v: Json) => v['domains'][0]).sort(), ['blog.example.com', 'shop.example.com']);
    const https = json['staticResources'].listeners.find((l: Json) => l['name'] === 'ingress_https');
    assert.match(hcmOf(https.filterChains[0])['routeConfig'].name, /shop\.example\.com/);
  });

  it('inlines the certificate into the TLS context that named the secret', () => {
    const json = JSON.parse(renderStaticBootstrap(snapshot(), OPTIONS)) as Json;
    const https = json['staticResources'].listeners.find((l: Json) => l['name'] === 'ingress_https');
    const common = https.filterChains[0].transportSocket.typedConfig.commonTlsContext;
    assert.deepEqual(common.tlsCertificates, [{ certificateChain: { inlineString: CERT }, privateKey: { inlineString: KEY } }]);
    assert.equal(common.tlsCertificateSdsSecretConfigs, undefined);
  });

  it('asks for an owner-only file when private keys are inlined', () => {
    assert.equal(fileModeFor(snapshot()), 0o600);
    assert.equal(fileModeFor(build(storeOf([service('web', 'blog', [{ port: 80 }])])).snapshot), 0o644);
  });

  it('turns EDS clusters into STATIC ones with their endpoints inlined', () => {
    const { clusters } = selfContainedResources(snapshot());
    const endpointsOf = (c: envoy.Cluster) =>
      c.loadAssignment?.endpoints.flatMap((e) => e.lbEndpoints.map((lb) => `${lb.endpoint?.address?.socketAddress?.address}:${lb.endpoint?.address?.socketAddress?.portValue}`));
    assert.deepEqual(clusters.map(endpointsOf).sort(), [['10.0.0.7:8080'], ['10.0.0.8:9090']]);
    for (const cluster of clusters) {
      assert.equal(cluster.type, envoy.Cluster_DiscoveryType.STATIC);
      assert.equal(cluster.edsClusterConfig, undefined);
      assert.equal(cluster.loadAssignment?.clusterName, cluster.name);
    }
  });

  it('leaves out explicitOnly resources (gRPC API listeners and their routes)', () => {
    const s = snapshot();
    const explicit = [...s.resources.get(TypeUrl.Listener)!.items.values()].filter((i) => i.explicitOnly).map((i) => i.name);
    assert.ok(explicit.length > 0, 'the build has API listeners');
    const { listeners } = selfContainedResources(s);
    assert.deepEqual(listeners.map((l) => l.name), ['ingress_http', 'ingress_https']);
    assert.ok(listeners.every((l) => l.apiListener === undefined));
  });

  it('fails with SNAPSHOT_INCONSISTENT when a listener names a route configuration that is missing', () => {
    const hcm = envoy.HttpConnectionManager.fromPartial({ statPrefix: 'x', rds: { routeConfigName: 'gone', configSource: { ads: {} } } });
    const listener = envoy.Listener.fromPartial({
      name: 'l',
      filterChains: [{ filters: [{ name: 'hcm', typedConfig: packAny('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', envoy.HttpConnectionManager, hcm) }] }],
    });
    assert.throws(() => renderStaticBootstrap(only(TypeUrl.Listener, 'l', packAny('envoy.config.listener.v3.Listener', envoy.Listener, listener)), OPTIONS), (err: unknown) => {
      assert.ok(err instanceof IsobarError);
      assert.equal(err.code, 'SNAPSHOT_INCONSISTENT');
      assert.match(err.message, /listener l refers to route configuration "gone"/);
      return true;
    });
  });

  it('refuses a reference to the xDS server it does not know how to inline', () => {
    const tls = envoy.DownstreamTlsContext.fromPartial({ commonTlsContext: { validationContextSdsSecretConfig: { name: 'ca', sdsConfig: { ads: {} } } } });
    const listener = envoy.Listener.fromPartial({
      name: 'l',
      filterChains: [{ transportSocket: { name: 'tls', typedConfig: packAny('envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext', envoy.DownstreamTlsContext, tls) } }],
    });
    assert.throws(
      () => renderStaticBootstrap(only(TypeUrl.Listener, 'l', packAny('envoy.config.listener.v3.Listener', envoy.Listener, listener)), OPTIONS),
      /static config still refers to the xDS server at \.staticResources\.listeners\[0\]\.filterChains\[0\]\.transportSocket\.typedConfig\.commonTlsContext\.validationContextSdsSecretConfig\.sdsConfig\.ads/,
    );
  });
});

function only(type: TypeUrl, name: string, resource: envoy.Any): Snapshot {
  return buildSnapshot(new Map<TypeUrl, NamedResource[]>([[type, [{ name, resource }]]]));
}

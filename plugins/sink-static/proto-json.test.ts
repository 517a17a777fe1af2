import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envoy, packAny } from '../../core/index.js';
import { AnyRegistry, envoyAnyRegistry, typeUrlOf } from './any-registry.js';
import { renderProtoJson, toProtoJson, type JsonObject, type JsonValue } from './proto-json.js';

const HCM = 'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';
const ROUTER = 'envoy.extensions.filters.http.router.v3.Router';
const STDOUT_LOG = 'envoy.extensions.access_loggers.stream.v3.StdoutAccessLog';
const HTTP_OPTIONS = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';

function hcm(): envoy.HttpConnectionManager {
  return envoy.HttpConnectionManager.fromPartial({
    statPrefix: 'ingress_http',
    routeConfig: { name: 'r', virtualHosts: [{ name: 'v', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster: 'c' } }] }] },
    httpFilters: [{ name: 'envoy.filters.http.router', typedConfig: packAny(ROUTER, envoy.Router, envoy.Router.fromPartial({ suppressEnvoyHeaders: true })) }],
    accessLog: [{ name: 'stdout', typedConfig: packAny(STDOUT_LOG, envoy.StdoutAccessLog, envoy.StdoutAccessLog.fromPartial({})) }],
  });
}

function listener(): envoy.Listener {
  return envoy.Listener.fromPartial({
    name: 'http',
    address: { socketAddress: { address: '127.0.0.1', portValue: 8080 } },
    filterChains: [{ filters: [{ name: 'envoy.filters.network.http_connection_manager', typedConfig: packAny(HCM, envoy.HttpConnectionManager, hcm()) }] }],
  });
}

/** Every object in the tree, depth first. */
function objects(v: JsonValue, out: JsonObject[] = []): JsonObject[] {
  if (Array.isArray(v)) v.forEach((item) => objects(item, out));
  else if (v !== null && typeof v === 'object') {
    out.push(v);
    Object.values(v).forEach((item) => objects(item, out));
  }
  return out;
}

describe('toProtoJson', () => {
  it('expands Anys at every depth as {"@type", ...fields}', () => {
    const json = toProtoJson(envoy.Listener, listener());
    const filter = (json['filterChains'] as JsonObject[])[0]!['filters'] as JsonObject[];
    const hcmJson = filter[0]!['typedConfig'] as JsonObject;
    assert.equal(hcmJson['@type'], typeUrlOf(HCM));
    assert.equal(hcmJson['statPrefix'], 'ingress_http');
    assert.deepEqual((hcmJson['httpFilters'] as JsonObject[])[0]!['typedConfig'], { '@type': typeUrlOf(ROUTER), suppressEnvoyHeaders: true });
    assert.deepEqual((hcmJson['accessLog'] as JsonObject[])[0]!['typedConfig'], { '@type': typeUrlOf(STDOUT_LOG) });
    const leftovers = objects(json).filter((o) => 'typeUrl' in o || ('value' in o && typeof o['value'] === 'string'));
    assert.deepEqual(leftovers, [], 'no Any is left in ts-proto form');
  });

  it('keeps every other field as ts-proto writes it (the unpacked message round-trips)', () => {
    const hcmJson = toProtoJson(envoy.Listener, listener());
    const packed = objects(hcmJson).find((o) => o['@type'] === typeUrlOf(HCM))!;
    const { '@type': _type, ...fields } = packed;
    const back = envoy.HttpConnectionManager.fromJSON(fields);
    assert.deepEqual(back.routeConfig, hcm().routeConfig);
    assert.equal(back.statPrefix, 'ingress_http');
  });

  it('expands Anys that are map values', () => {
    const cluster = envoy.Cluster.fromPartial({
      name: 'c',
      typedExtensionProtocolOptions: {
        [HTTP_OPTIONS]: packAny(HTTP_OPTIONS, envoy.HttpProtocolOptions, envoy.HttpProtocolOptions.fromPartial({ explicitHttpConfig: { http2ProtocolOptions: {} } })),
      },
    });
    const json = toProtoJson(envoy.Cluster, cluster);
    assert.deepEqual(json['typedExtensionProtocolOptions'], {
      [HTTP_OPTIONS]: { '@type': typeUrlOf(HTTP_OPTIONS), explicitHttpConfig: { http2ProtocolOptions: {} } },
    });
  });

  it('leaves the message it was given untouched', () => {
    const message = listener();
    const before = envoy.Listener.encode(message).finish();
    toProtoJson(envoy.Listener, message);
    assert.deepEqual(envoy.Listener.encode(message).finish(), before);
    assert.ok(message.filterChains[0]!.filters[0]!.typedConfig!.value instanceof Uint8Array);
  });

  const failures: Array<{ name: string; any: envoy.Any; error: RegExp }> = [
    { name: 'an unregistered type', any: envoy.Any.fromPartial({ typeUrl: typeUrlOf('example.v1.Unknown'), value: Buffer.from([8, 1]) }), error: /no codec for type.googleapis.com\/example.v1.Unknown/ },
    { name: 'an Any without a type URL', any: envoy.Any.fromPartial({}), error: /has no type URL/ },
  ];
  for (const f of failures) {
    it(`throws for ${f.name}`, () => {
      const l = envoy.Listener.fromPartial({ name: 'x', filterChains: [{ filters: [{ name: 'f', typedConfig: f.any }] }] });
      assert.throws(() => toProtoJson(envoy.Listener, l), f.error);
    });
  }

  it('renders two-space JSON with a final newline', () => {
    const text = renderProtoJson(envoy.Router, envoy.Router.fromPartial({ suppressEnvoyHeaders: true }));
    assert.equal(text, '{\n  "suppressEnvoyHeaders": true\n}\n');
  });
});

describe('AnyRegistry', () => {
  it('finds codecs by type URL whatever the prefix', () => {
    assert.equal(envoyAnyRegistry.lookup(typeUrlOf(ROUTER)), envoy.Router);
    assert.equal(envoyAnyRegistry.lookup(`example.com/x/${ROUTER}`), envoy.Router);
    assert.equal(envoyAnyRegistry.lookup(ROUTER), envoy.Router);
    assert.equal(envoyAnyRegistry.lookup(typeUrlOf('example.v1.Unknown')), undefined);
  });

  it('knows the types Envoy configs pack', () => {
    for (const name of [HCM, ROUTER, STDOUT_LOG, HTTP_OPTIONS, 'envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector',
      'envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext', 'envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy']) {
      assert.ok(envoyAnyRegistry.typeNames().includes(name), name);
    }
  });

  it('extends with `with` without changing the original, and toProtoJson uses the registry given', () => {
    const onlyRouter = new AnyRegistry([[ROUTER, envoy.Router]]);
    assert.throws(() => toProtoJson(envoy.Listener, listener(), onlyRouter), /no codec for .*HttpConnectionManager/);
    const more = onlyRouter.with([[HCM, envoy.HttpConnectionManager], [STDOUT_LOG, envoy.StdoutAccessLog]]);
    assert.equal(onlyRouter.lookup(HCM), undefined);
    assert.ok(toProtoJson(envoy.Listener, listener(), more)['filterChains']);
  });
});

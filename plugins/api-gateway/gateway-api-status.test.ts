import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { K8sObject } from '../../core/index.js';
import { service, tlsSecret } from '../../test/fixtures/objects.js';
import { createTestPki } from '../../test/e2e/harness/certs.js';
import { GatewayBuild } from '../../test/support/gateway-api/gateway-build.js';
import { gateway, gatewayClass, httpListener, httpRoute, namespace, referenceGrant } from '../../test/support/gateway-api/gateway-objects.js';

const { server } = createTestPki(['*.example.com']);
const base: K8sObject[] = [gatewayClass(), service('infra', 'web', [{ port: 80 }]), service('apps', 'web', [{ port: 80 }])];
const route = (ns: string, name: string, spec: Record<string, unknown> = {}) =>
  httpRoute(ns, name, { parentRefs: [{ name: 'gw', namespace: 'infra' }], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }], ...spec });

describe('Gateway API route status reasons', () => {
  const cases: Array<{ name: string; objects: K8sObject[]; want: string[] }> = [
    { name: 'accepted, resolved', objects: [gateway('infra', 'gw', [httpListener('http', 8081)]), route('infra', 'r')], want: ['Accepted=True:Accepted', 'ResolvedRefs=True:ResolvedRefs'] },
    {
      name: 'another namespace where the listener allows only its own',
      objects: [gateway('infra', 'gw', [httpListener('http', 8081)]), route('apps', 'r')],
      want: ['Accepted=False:NotAllowedByListeners', 'ResolvedRefs=True:ResolvedRefs'],
    },
    {
      name: 'a namespace the selector picks',
      objects: [gateway('infra', 'gw', [httpListener('http', 8081, { allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'a' } } } } })]), namespace('apps', { team: 'a' }), route('apps', 'r')],
      want: ['Accepted=True:Accepted', 'ResolvedRefs=True:ResolvedRefs'],
    },
    {
      name: 'a namespace the selector does not pick',
      objects: [gateway('infra', 'gw', [httpListener('http', 8081, { allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'a' } } } } })]), namespace('apps', { team: 'b' }), route('apps', 'r')],
      want: ['Accepted=False:NotAllowedByListeners', 'ResolvedRefs=True:ResolvedRefs'],
    },
    {
      name: 'no listener of that section name',
      objects: [gateway('infra', 'gw', [httpListener('http', 8081)]), route('infra', 'r', { parentRefs: [{ name: 'gw', sectionName: 'other' }] })],
      want: ['Accepted=False:NoMatchingParent', 'ResolvedRefs=True:ResolvedRefs'],
    },
    {
      name: 'no listener on that port',
      objects: [gateway('infra', 'gw', [httpListener('http', 8081)]), route('infra', 'r', { parentRefs: [{ name: 'gw', port: 8082 }] })],
      want: ['Accepted=False:NoMatchingParent', 'ResolvedRefs=True:ResolvedRefs'],
    },
    {
      name: 'no hostname in common with the listener',
      objects: [gateway('infra', 'gw', [httpListener('http', 8081, { hostname: '*.example.com' })]), route('infra', 'r', { hostnames: ['example.net'] })],
      want: ['Accepted=False:NoMatchingListenerHostname', 'ResolvedRefs=True:ResolvedRefs'],
    },
    {
      name: 'a Service that does not exist',
      objects: [gateway('infra', 'gw', [httpListener('http', 8081)]), route('infra', 'r', { rules: [{ backendRefs: [{ name: 'missing', port: 80 }] }] })],
      want: ['Accepted=True:Accepted', 'ResolvedRefs=False:BackendNotFound'],
    },
    {
      name: 'a backend of a kind isobar does not serve',
      objects: [gateway('infra', 'gw', [httpListener('http', 8081)]), route('infra', 'r', { rules: [{ backendRefs: [{ group: 'example.com', kind: 'Bucket', name: 'b', port: 80 }] }] })],
      want: ['Accepted=True:Accepted', 'ResolvedRefs=False:InvalidKind'],
    },
    {
      name: 'a Service in another namespace without a ReferenceGrant',
      objects: [gateway('infra', 'gw', [httpListener('http', 8081)]), route('infra', 'r', { rules: [{ backendRefs: [{ name: 'web', namespace: 'apps', port: 80 }] }] })],
      want: ['Accepted=True:Accepted', 'ResolvedRefs=False:RefNotPermitted'],
    },
    {
      name: 'a Service in another namespace with a ReferenceGrant',
      objects: [
        gateway('infra', 'gw', [httpListener('http', 8081)]),
        referenceGrant('apps', 'g', [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'infra' }], [{ group: '', kind: 'Service' }]),
        route('infra', 'r', { rules: [{ backendRefs: [{ name: 'web', namespace: 'apps', port: 80 }] }] }),
      ],
      want: ['Accepted=True:Accepted', 'ResolvedRefs=True:ResolvedRefs'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const b = new GatewayBuild([...base, ...c.objects]);
      const r = c.objects.find((o) => o.kind === 'HTTPRoute')!;
      assert.deepEqual(b.parentConditions('HTTPRoute', r.metadata.namespace!, r.metadata.name), c.want);
    });
  }

  it('serves a PathPrefix written with a trailing slash (Envoy refuses one in a separated prefix)', () => {
    const b = new GatewayBuild([...base, gateway('infra', 'gw', [httpListener('http', 8081)]), route('infra', 'r', { rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/match/' } }], backendRefs: [{ name: 'web', port: 80 }] }] })]);
    assert.deepEqual(b.parentConditions('HTTPRoute', 'infra', 'r'), ['Accepted=True:Accepted', 'ResolvedRefs=True:ResolvedRefs']);
    assert.equal(b.routeConfig('infra/gw/http-8081')?.virtualHosts[0]?.routes[0]?.match?.pathSeparatedPrefix, '/match');
  });

  it('keeps the catch-all listener\'s routes out of a wildcard listener\'s host (listener isolation)', () => {
    const b = new GatewayBuild([...base, gateway('infra', 'gw', [httpListener('any', 8081), httpListener('wild', 8081, { hostname: '*.example.com' })]), route('infra', 'r', { parentRefs: [{ name: 'gw', sectionName: 'any' }] }), route('infra', 'w', { parentRefs: [{ name: 'gw', sectionName: 'wild' }], rules: [{ matches: [{ path: { type: 'Exact', value: '/w' } }], backendRefs: [{ name: 'web', port: 80 }] }] })]);
    const hosts = b.routeConfig('infra/gw/http-8081')?.virtualHosts.map((v) => [v.domains[0], v.routes.length]);
    assert.deepEqual(hosts, [['*', 1], ['*.example.com', 1]]);
  });

  it('writes no status on a route whose parents are all another controller\'s', () => {
    const b = new GatewayBuild([...base, gatewayClass('other', 'example.com/other'), gateway('infra', 'gw', [httpListener('http', 8081)], { gatewayClassName: 'other' }), route('infra', 'r')]);
    assert.equal(b.detail('HTTPRoute', 'infra', 'r'), undefined);
    assert.equal(b.detail('Gateway', 'infra', 'gw'), undefined);
    assert.equal(b.detail('GatewayClass', '', 'other'), undefined);
  });

  it('carries the generation it was computed for', () => {
    const b = new GatewayBuild([...base, gateway('infra', 'gw', [httpListener('http', 8081)], {}, { generation: 7 }), route('infra', 'r')]);
    assert.deepEqual(b.detail('Gateway', 'infra', 'gw')?.conditions.map((c: { observedGeneration: number }) => c.observedGeneration), [7, 7]);
  });
});

describe('Gateway API listener status reasons', () => {
  const secret = tlsSecret('infra', 'cert', server.certPem, server.keyPem);
  const https = (extra: Record<string, unknown> = {}) => ({ name: 'https', port: 9443, protocol: 'HTTPS', hostname: 'a.example.com', tls: { certificateRefs: [{ name: 'cert' }] }, ...extra });
  const cases: Array<{ name: string; objects: K8sObject[]; listener: string; want: string[] }> = [
    {
      name: 'a valid HTTP listener',
      objects: [gateway('infra', 'gw', [httpListener('http', 8081)])],
      listener: 'http',
      want: ['Accepted=True:Accepted', 'Programmed=True:Programmed', 'ResolvedRefs=True:ResolvedRefs', 'Conflicted=False:NoConflicts'],
    },
    {
      name: 'an unsupported protocol',
      objects: [gateway('infra', 'gw', [{ name: 'udp', port: 5353, protocol: 'UDP' }])],
      listener: 'udp',
      want: ['Accepted=False:UnsupportedProtocol', 'Programmed=False:Invalid', 'ResolvedRefs=True:ResolvedRefs', 'Conflicted=False:NoConflicts'],
    },
    {
      name: 'two protocols on one port',
      objects: [gateway('infra', 'gw', [httpListener('http', 9443), https()]), secret],
      listener: 'http',
      want: ['Accepted=False:ProtocolConflict', 'Programmed=False:ProtocolConflict', 'ResolvedRefs=True:ResolvedRefs', 'Conflicted=True:ProtocolConflict'],
    },
    {
      name: 'a route kind the protocol cannot take',
      objects: [gateway('infra', 'gw', [httpListener('http', 8081, { allowedRoutes: { kinds: [{ kind: 'TCPRoute' }] } })])],
      listener: 'http',
      want: ['Accepted=True:Accepted', 'Programmed=False:Invalid', 'ResolvedRefs=False:InvalidRouteKinds', 'Conflicted=False:NoConflicts'],
    },
    {
      name: 'an HTTPS listener with its certificate',
      objects: [gateway('infra', 'gw', [https()]), secret],
      listener: 'https',
      want: ['Accepted=True:Accepted', 'Programmed=True:Programmed', 'ResolvedRefs=True:ResolvedRefs', 'Conflicted=False:NoConflicts'],
    },
    {
      name: 'a missing certificate Secret',
      objects: [gateway('infra', 'gw', [https()])],
      listener: 'https',
      want: ['Accepted=True:Accepted', 'Programmed=False:Invalid', 'ResolvedRefs=False:InvalidCertificateRef', 'Conflicted=False:NoConflicts'],
    },
    {
      name: 'a certificate in another namespace without a ReferenceGrant',
      objects: [gateway('infra', 'gw', [https({ tls: { certificateRefs: [{ name: 'cert', namespace: 'apps' }] } })]), tlsSecret('apps', 'cert', server.certPem, server.keyPem)],
      listener: 'https',
      want: ['Accepted=True:Accepted', 'Programmed=False:Invalid', 'ResolvedRefs=False:RefNotPermitted', 'Conflicted=False:NoConflicts'],
    },
    {
      name: 'a TLS listener terminating TLS with its certificate',
      objects: [gateway('infra', 'gw', [{ name: 'tls', port: 9444, protocol: 'TLS', tls: { mode: 'Terminate', certificateRefs: [{ name: 'cert' }] } }]), secret],
      listener: 'tls',
      want: ['Accepted=True:Accepted', 'Programmed=True:Programmed', 'ResolvedRefs=True:ResolvedRefs', 'Conflicted=False:NoConflicts'],
    },
    {
      name: 'a TLS listener that would terminate TLS without a certificate',
      objects: [gateway('infra', 'gw', [{ name: 'tls', port: 9444, protocol: 'TLS', tls: { mode: 'Terminate', certificateRefs: [{ name: 'missing' }] } }])],
      listener: 'tls',
      want: ['Accepted=True:Accepted', 'Programmed=False:Invalid', 'ResolvedRefs=False:InvalidCertificateRef', 'Conflicted=False:NoConflicts'],
    },
    {
      name: 'HTTPS and TLS listeners sharing a port (both chosen by SNI)',
      objects: [gateway('infra', 'gw', [https(), { name: 'tls', port: 9443, protocol: 'TLS', hostname: 'b.example.com', tls: { mode: 'Passthrough' } }]), secret],
      listener: 'tls',
      want: ['Accepted=True:Accepted', 'Programmed=True:Programmed', 'ResolvedRefs=True:ResolvedRefs', 'Conflicted=False:NoConflicts'],
    },
    {
      name: 'the port of the config\'s own HTTP listener on the shared Envoy',
      objects: [gateway('infra', 'gw', [httpListener('http', 8080)])],
      listener: 'http',
      want: ['Accepted=False:PortUnavailable', 'Programmed=False:PortUnavailable', 'ResolvedRefs=True:ResolvedRefs', 'Conflicted=False:NoConflicts'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(new GatewayBuild([...base, ...c.objects], {}, ['tcp-proxy']).listenerConditions('infra', 'gw', c.listener), c.want));
  }

  it('an older Gateway keeps a port on the shared Envoy; with fleets each Gateway has its own', () => {
    const older = gateway('infra', 'a', [httpListener('http', 8081)], {}, { creationTimestamp: '2026-01-01T00:00:00Z' });
    const newer = gateway('infra', 'b', [httpListener('http', 8081)], {}, { creationTimestamp: '2026-02-01T00:00:00Z' });
    const shared = new GatewayBuild([...base, newer, older]);
    assert.deepEqual([shared.listenerConditions('infra', 'a', 'http')[0], shared.listenerConditions('infra', 'b', 'http')[0]], ['Accepted=True:Accepted', 'Accepted=False:PortUnavailable']);
    const fleets = new GatewayBuild([...base, newer, older], { 'gatewayApi.fleets': true });
    assert.deepEqual([fleets.listenerConditions('infra', 'a', 'http')[0], fleets.listenerConditions('infra', 'b', 'http')[0]], ['Accepted=True:Accepted', 'Accepted=True:Accepted']);
  });

  it('a listener isobar cannot serve supports no route kind', () => {
    const b = new GatewayBuild([...base, gateway('infra', 'gw', [{ name: 'udp', port: 5353, protocol: 'UDP' }, { name: 'sctp', port: 5354, protocol: 'SCTP' }])], {}, ['tcp-proxy']);
    assert.deepEqual(b.detail('Gateway', 'infra', 'gw')?.listeners.map((l: { supportedKinds: unknown[] }) => l.supportedKinds), [[], []]);
  });

  it('a Gateway with some invalid listeners is accepted, with the reason ListenersNotValid', () => {
    const b = new GatewayBuild([...base, gateway('infra', 'gw', [httpListener('http', 8081), { name: 'udp', port: 5353, protocol: 'UDP' }])]);
    assert.deepEqual(b.conditions('Gateway', 'infra', 'gw'), ['Accepted=True:ListenersNotValid', 'Programmed=True:Programmed']);
  });

  it('a TLSRoute without a usable backend gets a chain that closes connections, the others proxy them', () => {
    const tls = { name: 'tls', port: 9444, protocol: 'TLS', tls: { mode: 'Passthrough' } };
    const tlsRoute = (name: string, host: string, backend: string) => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'TLSRoute', metadata: { name, namespace: 'infra', generation: 1 }, spec: { parentRefs: [{ name: 'gw' }], hostnames: [host], rules: [{ backendRefs: [{ name: backend, port: 80 }] }] } });
    const b = new GatewayBuild([...base, gateway('infra', 'gw', [tls]), tlsRoute('good', 'a.example.com', 'web'), tlsRoute('bad', 'b.example.com', 'missing')], {}, ['tcp-proxy']);
    const chains = b.listener('infra/gw/https-9444')?.filterChains ?? [];
    // (No feature hooks in this build: the good chain's TCP proxy is the tcp-proxy plugin's, tested end to end.)
    const closing = chains.filter((c) => c.filters[0]?.name === 'envoy.filters.network.direct_response').map((c) => c.filterChainMatch?.serverNames[0]);
    assert.deepEqual([chains.length, closing], [2, ['b.example.com']]);
    assert.deepEqual(b.parentConditions('TLSRoute', 'infra', 'bad'), ['Accepted=True:Accepted', 'ResolvedRefs=False:BackendNotFound']);
  });

  it('TCP listeners: TCPRoutes only, the tcp-proxy plugin needed, one TCP listener per port', () => {
    const tcp = (name: string, port: number) => ({ name, port, protocol: 'TCP' });
    const tcpRoute = (name: string, section: string) => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'TCPRoute', metadata: { name, namespace: 'infra', generation: 1 }, spec: { parentRefs: [{ name: 'gw', sectionName: section }], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] } });
    const objects = [...base, gateway('infra', 'gw', [tcp('tcp', 9000), tcp('twin-a', 9001), tcp('twin-b', 9001), httpListener('http', 8081)]), tcpRoute('on-tcp', 'tcp'), tcpRoute('on-http', 'http')];
    const b = new GatewayBuild(objects, {}, ['tcp-proxy']);
    assert.deepEqual(b.listenerConditions('infra', 'gw', 'tcp'), ['Accepted=True:Accepted', 'Programmed=True:Programmed', 'ResolvedRefs=True:ResolvedRefs', 'Conflicted=False:NoConflicts']);
    assert.equal(b.listenerConditions('infra', 'gw', 'twin-b')[0], 'Accepted=False:HostnameConflict');
    assert.deepEqual(b.parentConditions('TCPRoute', 'infra', 'on-tcp'), ['Accepted=True:Accepted', 'ResolvedRefs=True:ResolvedRefs']);
    assert.deepEqual(b.parentConditions('TCPRoute', 'infra', 'on-http'), ['Accepted=False:NotAllowedByListeners', 'ResolvedRefs=True:ResolvedRefs']);
    const listener = b.listener('infra/gw/tcp-9000');
    assert.deepEqual([listener?.filterChains.length, listener?.filterChains[0]?.filterChainMatch, listener?.listenerFilters.length], [1, undefined, 0], 'one chain for every connection, no TLS inspection to wait for');
    const without = new GatewayBuild(objects);
    assert.equal(without.listenerConditions('infra', 'gw', 'tcp')[0], 'Accepted=False:UnsupportedProtocol');
  });

  it('a Gateway whose infrastructure parameters isobar cannot read is not accepted, and nothing of it is served', () => {
    const gw = (name: string, port: number, parametersRef: Record<string, string>) => {
      const g = gateway('infra', name, [httpListener('http', port)]);
      return { ...g, spec: { ...(g.spec as Record<string, unknown>), infrastructure: { parametersRef } } };
    };
    const b = new GatewayBuild([...base, gw('foreign', 8081, { group: 'invalid.io', kind: 'InvalidParameters', name: 'invalid' }), gw('missing', 8082, { group: '', kind: 'ConfigMap', name: 'nowhere' }), route('infra', 'r', { parentRefs: [{ name: 'foreign' }] })]);
    assert.deepEqual(b.conditions('Gateway', 'infra', 'foreign'), ['Accepted=False:InvalidParameters', 'Programmed=False:Invalid']);
    assert.deepEqual(b.conditions('Gateway', 'infra', 'missing'), ['Accepted=False:InvalidParameters', 'Programmed=False:Invalid']);
    assert.equal(b.listenerConditions('infra', 'foreign', 'http')[1], 'Programmed=False:Invalid');
    assert.equal(b.routeConfig('infra/foreign/http-8081'), undefined);
  });

  it('an address without a value asks for any address; one with a value is not assigned', () => {
    const gw = (name: string, port: number, addresses: unknown[]) => {
      const g = gateway('infra', name, [httpListener('http', port)]);
      return { ...g, spec: { ...(g.spec as Record<string, unknown>), addresses } };
    };
    const b = new GatewayBuild([...base, gw('any', 8081, [{ type: 'IPAddress' }]), gw('static', 8082, [{ type: 'IPAddress', value: '10.1.2.3' }])]);
    assert.deepEqual(b.conditions('Gateway', 'infra', 'any'), ['Accepted=True:Accepted', 'Programmed=True:Programmed']);
    assert.deepEqual(b.conditions('Gateway', 'infra', 'static'), ['Accepted=False:UnsupportedAddress', 'Programmed=False:AddressNotAssigned']);
  });

  it('a Gateway whose listeners are all invalid is not accepted', () => {
    const b = new GatewayBuild([...base, gateway('infra', 'gw', [{ name: 'udp', port: 5353, protocol: 'UDP' }])]);
    assert.deepEqual(b.conditions('Gateway', 'infra', 'gw'), ['Accepted=False:ListenersNotValid', 'Programmed=False:Invalid']);
  });

  it('counts a route on a listener that is not programmed, and serves it on the others', () => {
    const b = new GatewayBuild([...base, gateway('infra', 'gw', [httpListener('http', 8081), https()]), route('infra', 'r')]);
    assert.deepEqual(b.detail('Gateway', 'infra', 'gw')?.listeners.map((l: { attachedRoutes: number }) => l.attachedRoutes), [1, 1]);
    assert.deepEqual(b.parentConditions('HTTPRoute', 'infra', 'r'), ['Accepted=True:Accepted', 'ResolvedRefs=True:ResolvedRefs']);
    assert.ok(b.routeConfig('infra/gw/http-8081')?.virtualHosts.length === 1);
  });

  it('counts the routes attached to each listener', () => {
    const b = new GatewayBuild([...base, gateway('infra', 'gw', [httpListener('a', 8081), httpListener('b', 8082)]), route('infra', 'r1'), route('infra', 'r2', { parentRefs: [{ name: 'gw', sectionName: 'b' }] })]);
    assert.deepEqual(b.detail('Gateway', 'infra', 'gw')?.listeners.map((l: { attachedRoutes: number }) => l.attachedRoutes), [1, 2]);
  });
});

describe('Gateway API bad input stays with its object', () => {
  const good = route('infra', 'good', { hostnames: ['good.example.com'] });
  const served = (b: GatewayBuild, host: string) => (b.routeConfig('infra/gw/http-8081')?.virtualHosts ?? []).some((v) => v.domains[0] === host && v.routes.length > 0);
  const cases: Array<{ name: string; rule: Record<string, unknown>; reason: string; field: string; features?: string[] }> = [
    { name: 'a path regex RE2 refuses', rule: { matches: [{ path: { type: 'RegularExpression', value: '/(?=look)' } }], backendRefs: [{ name: 'web', port: 80 }] }, reason: 'MatchInvalid', field: 'spec.rules[0].matches[0].path.value' },
    { name: 'a header regex RE2 refuses', rule: { matches: [{ headers: [{ type: 'RegularExpression', name: 'x', value: '(a' }] }], backendRefs: [{ name: 'web', port: 80 }] }, reason: 'MatchInvalid', field: 'spec.rules[0].matches[0].headers[0].value' },
    { name: 'a filter isobar does not serve', rule: { filters: [{ type: 'ExtensionRef', extensionRef: { group: 'example.com', kind: 'Thing', name: 't' } }], backendRefs: [{ name: 'web', port: 80 }] }, reason: 'FilterUnsupported', field: 'spec.rules[0].filters' },
    { name: 'a backendRef filter isobar does not serve', rule: { backendRefs: [{ name: 'web', port: 80, filters: [{ type: 'ExtensionRef', extensionRef: { group: 'example.com', kind: 'Thing', name: 't' } }] }] }, reason: 'FilterUnsupported', field: 'spec.rules[0].backendRefs' },
    {
      name: 'URL rewrites that differ per backend',
      rule: { backendRefs: ['/a', '/b'].map((p) => ({ name: 'web', port: 80, filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: p } } }] })) },
      reason: 'FilterUnsupported',
      field: 'spec.rules[0].backendRefs',
    },
    { name: 'a timeout that is not a duration', rule: { timeouts: { request: 'soon' }, backendRefs: [{ name: 'web', port: 80 }] }, reason: 'FieldInvalid', field: 'spec.rules[0].timeouts.request', features: ['timeout-retry'] },
  ];
  for (const c of cases) {
    it(`${c.name}: a warning on that route, the good route served, a snapshot Envoy accepts`, () => {
      const bad = route('infra', 'bad', { hostnames: ['bad.example.com'], rules: [c.rule] });
      const b = new GatewayBuild([...base, gateway('infra', 'gw', [httpListener('http', 8081)]), good, bad], {}, c.features ?? []);
      const status = b.result.statuses.find((s) => s.ref.name === 'bad')!;
      assert.deepEqual(status.conditions.map((x) => [x.reason, x.field]), [[c.reason, c.field]]);
      assert.ok(served(b, 'good.example.com'));
      assert.deepEqual(b.result.statuses.find((s) => s.ref.name === 'good')?.conditions, []);
      assert.ok(!b.result.statuses.some((s) => s.conditions.some((x) => x.reason === 'EnvoyWouldReject')), 'nothing Envoy would refuse was emitted');
    });
  }

  it('a rule whose filter is not served answers 500 instead of running without it', () => {
    const bad = route('infra', 'bad', { hostnames: ['bad.example.com'], rules: [{ filters: [{ type: 'ExtensionRef', extensionRef: { group: 'example.com', kind: 'Thing', name: 't' } }], backendRefs: [{ name: 'web', port: 80 }] }] });
    const b = new GatewayBuild([...base, gateway('infra', 'gw', [httpListener('http', 8081)]), bad]);
    const vh = b.routeConfig('infra/gw/http-8081')?.virtualHosts.find((v) => v.domains[0] === 'bad.example.com');
    assert.equal(vh?.routes[0]?.directResponse?.status, 500);
  });
});

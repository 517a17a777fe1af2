import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { K8sObject } from '../../core/index.js';
import { service, tlsSecret } from '../../test/fixtures/objects.js';
import { createTestPki } from '../../test/e2e/harness/certs.js';
import { GatewayBuild } from '../../test/support/gateway-api/gateway-build.js';
import { gateway, gatewayClass, httpListener, httpRoute, listenerSet, namespace, referenceGrant } from '../../test/support/gateway-api/gateway-objects.js';

const { server } = createTestPki(['*.example.com']);
const base: K8sObject[] = [gatewayClass(), service('infra', 'web', [{ port: 80 }]), service('apps', 'web', [{ port: 80 }])];
const allow = (from: string, selector?: Record<string, unknown>) => ({ allowedListeners: { namespaces: { from, ...(selector ? { selector } : {}) } } });
const gw = (extra: Record<string, unknown> = {}, listeners: unknown[] = [httpListener('gw', 8081, { hostname: 'gw.example.com', allowedRoutes: { namespaces: { from: 'All' } } })]) => gateway('infra', 'gw', listeners, extra);
const lsListener = (name: string, port: number, hostname: string, extra: Record<string, unknown> = {}) => httpListener(name, port, { hostname, allowedRoutes: { namespaces: { from: 'All' } }, ...extra });
const older = { creationTimestamp: '2024-01-01T00:00:00Z' };
const newer = { creationTimestamp: '2024-06-01T00:00:00Z' };
const listenerOf = (b: GatewayBuild, ns: string, name: string, listener: string): string[] =>
  (b.detail('ListenerSet', ns, name)?.listeners?.find((l: { name: string }) => l.name === listener)?.conditions ?? []).map((c: { type: string; status: string; reason: string }) => `${c.type}=${c.status}:${c.reason}`);
const pick = (conditions: string[], ...types: string[]) => conditions.filter((c) => types.includes(c.split('=')[0]!));

describe('ListenerSet status reasons', () => {
  const cases: Array<{ name: string; objects: K8sObject[]; ls?: [string, string]; want: string[]; attached: number }> = [
    { name: 'a Gateway without allowedListeners takes none', objects: [gw(), listenerSet('infra', 'ls', 'gw', [lsListener('a', 8081, 'a.example.com')])], want: ['Accepted=False:NotAllowed', 'Programmed=False:NotAllowed'], attached: 0 },
    { name: 'from None takes none', objects: [gw(allow('None')), listenerSet('infra', 'ls', 'gw', [lsListener('a', 8081, 'a.example.com')])], want: ['Accepted=False:NotAllowed', 'Programmed=False:NotAllowed'], attached: 0 },
    { name: 'from Same takes one of its namespace', objects: [gw(allow('Same')), listenerSet('infra', 'ls', 'gw', [lsListener('a', 8081, 'a.example.com')])], want: ['Accepted=True:Accepted', 'Programmed=True:Programmed'], attached: 1 },
    { name: 'from Same refuses one of another namespace', objects: [gw(allow('Same')), listenerSet('apps', 'ls', 'infra/gw', [lsListener('a', 8081, 'a.example.com')])], ls: ['apps', 'ls'], want: ['Accepted=False:NotAllowed', 'Programmed=False:NotAllowed'], attached: 0 },
    { name: 'from All takes one of another namespace', objects: [gw(allow('All')), listenerSet('apps', 'ls', 'infra/gw', [lsListener('a', 8081, 'a.example.com')])], ls: ['apps', 'ls'], want: ['Accepted=True:Accepted', 'Programmed=True:Programmed'], attached: 1 },
    {
      name: 'from Selector takes one of a namespace it picks',
      objects: [gw(allow('Selector', { matchLabels: { team: 'a' } })), namespace('apps', { team: 'a' }), listenerSet('apps', 'ls', 'infra/gw', [lsListener('a', 8081, 'a.example.com')])],
      ls: ['apps', 'ls'],
      want: ['Accepted=True:Accepted', 'Programmed=True:Programmed'],
      attached: 1,
    },
    {
      name: 'from Selector refuses one of a namespace it does not pick',
      objects: [gw(allow('Selector', { matchLabels: { team: 'a' } })), namespace('apps', { team: 'b' }), listenerSet('apps', 'ls', 'infra/gw', [lsListener('a', 8081, 'a.example.com')])],
      ls: ['apps', 'ls'],
      want: ['Accepted=False:NotAllowed', 'Programmed=False:NotAllowed'],
      attached: 0,
    },
    {
      name: 'a set whose only listener conflicts with the Gateway\'s',
      objects: [gw(allow('Same')), listenerSet('infra', 'ls', 'gw', [lsListener('dup', 8081, 'gw.example.com')])],
      want: ['Accepted=False:ListenersNotValid', 'Programmed=False:ListenersNotValid'],
      attached: 0,
    },
    {
      name: 'a set with one listener conflicting and one valid',
      objects: [gw(allow('Same')), listenerSet('infra', 'ls', 'gw', [lsListener('dup', 8081, 'gw.example.com'), lsListener('a', 8081, 'a.example.com')])],
      want: ['Accepted=True:ListenersNotValid', 'Programmed=True:Programmed'],
      attached: 1,
    },
    {
      name: 'a set of a Gateway that is not accepted',
      objects: [gw(allow('Same'), [{ name: 'udp', port: 5353, protocol: 'UDP' }]), listenerSet('infra', 'ls', 'gw', [lsListener('a', 8081, 'a.example.com')])],
      want: ['Accepted=False:ParentNotAccepted', 'Programmed=False:ParentNotProgrammed'],
      attached: 0,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const b = new GatewayBuild([...base, ...c.objects]);
      const [ns, name] = c.ls ?? ['infra', 'ls'];
      assert.deepEqual(b.conditions('ListenerSet', ns, name), c.want);
      assert.equal(b.detail('Gateway', 'infra', 'gw')?.attachedListenerSets, c.attached);
    });
  }

  it('a ListenerSet naming a Gateway of another class gets no status', () => {
    const foreign = { ...gateway('infra', 'other', [httpListener('http', 8081)], allow('All')) };
    (foreign.spec as Record<string, unknown>).gatewayClassName = 'someone-else';
    const b = new GatewayBuild([...base, foreign, listenerSet('infra', 'ls', 'other', [lsListener('a', 8081, 'a.example.com')])]);
    assert.equal(b.detail('ListenerSet', 'infra', 'ls'), undefined);
  });

  it('a Gateway that never heard of ListenerSets writes no count', () => {
    const b = new GatewayBuild([...base, gw()]);
    assert.equal('attachedListenerSets' in (b.detail('Gateway', 'infra', 'gw') ?? {}), false);
  });
});

describe('ListenerSet listener conflicts and precedence', () => {
  it('a hostname conflict with the Gateway: the set\'s listener is Conflicted, the Gateway\'s stays accepted', () => {
    const b = new GatewayBuild([...base, gw(allow('Same')), listenerSet('infra', 'ls', 'gw', [lsListener('dup', 8081, 'gw.example.com'), lsListener('a', 8081, 'a.example.com')])]);
    assert.deepEqual(pick(listenerOf(b, 'infra', 'ls', 'dup'), 'Accepted', 'Programmed', 'Conflicted'), ['Accepted=False:HostnameConflict', 'Programmed=False:HostnameConflict', 'Conflicted=True:HostnameConflict']);
    assert.deepEqual(pick(listenerOf(b, 'infra', 'ls', 'a'), 'Accepted', 'Programmed', 'Conflicted'), ['Accepted=True:Accepted', 'Programmed=True:Programmed', 'Conflicted=False:NoConflicts']);
    assert.deepEqual(pick(b.listenerConditions('infra', 'gw', 'gw'), 'Accepted', 'Conflicted'), ['Accepted=True:Accepted', 'Conflicted=False:NoConflicts']);
  });

  it('a protocol conflict: a TCP listener on the Gateway\'s HTTP port is ProtocolConflict', () => {
    const b = new GatewayBuild([...base, gw(allow('Same')), listenerSet('infra', 'ls', 'gw', [{ name: 'tcp', port: 8081, protocol: 'TCP', allowedRoutes: { namespaces: { from: 'All' } } }])], {}, ['tcp-proxy']);
    assert.deepEqual(pick(listenerOf(b, 'infra', 'ls', 'tcp'), 'Accepted', 'Programmed', 'Conflicted'), ['Accepted=False:ProtocolConflict', 'Programmed=False:ProtocolConflict', 'Conflicted=True:ProtocolConflict']);
    assert.equal(b.listener('infra/gw/tcp-8081'), undefined);
  });

  it('a listener refused for a conflict with the Gateway holds nothing against the later listeners of its own set', () => {
    const tcp = { name: 'tcp', port: 8081, protocol: 'TCP', allowedRoutes: { namespaces: { from: 'All' } } };
    const b = new GatewayBuild([...base, gw(allow('Same')), listenerSet('infra', 'ls', 'gw', [lsListener('first', 8081, 'a.example.com'), tcp, lsListener('after', 8081, 'b.example.com')])], {}, ['tcp-proxy']);
    assert.equal(listenerOf(b, 'infra', 'ls', 'first')[0], 'Accepted=True:Accepted', 'an HTTP listener beside the Gateway\'s stays');
    assert.equal(listenerOf(b, 'infra', 'ls', 'tcp')[0], 'Accepted=False:ProtocolConflict');
    assert.equal(listenerOf(b, 'infra', 'ls', 'after')[0], 'Accepted=True:Accepted', 'the refused TCP listener does not make it conflict');
  });

  it('between two sets the older keeps the listener, whatever their names', () => {
    const b = new GatewayBuild([
      ...base,
      gw(allow('Same')),
      listenerSet('infra', 'a-newer', 'gw', [lsListener('x', 8081, 'x.example.com')], newer),
      listenerSet('infra', 'z-older', 'gw', [lsListener('x', 8081, 'x.example.com')], older),
    ]);
    assert.deepEqual(b.conditions('ListenerSet', 'infra', 'z-older'), ['Accepted=True:Accepted', 'Programmed=True:Programmed']);
    assert.deepEqual(b.conditions('ListenerSet', 'infra', 'a-newer'), ['Accepted=False:ListenersNotValid', 'Programmed=False:ListenersNotValid']);
    assert.deepEqual(pick(listenerOf(b, 'infra', 'a-newer', 'x'), 'Conflicted'), ['Conflicted=True:HostnameConflict']);
  });

  it('a set\'s certificate in another namespace needs a ReferenceGrant for ListenerSets, not the Gateway\'s', () => {
    const https = { name: 'https', port: 9443, protocol: 'HTTPS', hostname: 'a.example.com', tls: { certificateRefs: [{ name: 'cert', namespace: 'apps' }] } };
    const forGateways = referenceGrant('apps', 'gw-grant', [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'infra' }], [{ group: '', kind: 'Secret' }]);
    const forSets = referenceGrant('apps', 'ls-grant', [{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', namespace: 'infra' }], [{ group: '', kind: 'Secret' }]);
    const objects = [...base, gw(allow('Same')), tlsSecret('apps', 'cert', server.certPem, server.keyPem), listenerSet('infra', 'ls', 'gw', [https])];
    const without = new GatewayBuild([...objects, forGateways]);
    assert.deepEqual(pick(listenerOf(without, 'infra', 'ls', 'https'), 'ResolvedRefs'), ['ResolvedRefs=False:RefNotPermitted']);
    assert.deepEqual(without.conditions('ListenerSet', 'infra', 'ls'), ['Accepted=False:ListenersNotValid', 'Programmed=False:ListenersNotValid']);
    const granted = new GatewayBuild([...objects, forSets]);
    assert.deepEqual(pick(listenerOf(granted, 'infra', 'ls', 'https'), 'ResolvedRefs'), ['ResolvedRefs=True:ResolvedRefs']);
    assert.deepEqual(granted.conditions('ListenerSet', 'infra', 'ls'), ['Accepted=True:Accepted', 'Programmed=True:Programmed']);
    assert.ok(granted.listener('infra/gw/https-9443'), 'the set\'s HTTPS listener is on the Gateway\'s Envoy');
  });
});

describe('Routes attached through a ListenerSet', () => {
  const set = listenerSet('infra', 'ls', 'gw', [lsListener('ls-a', 8081, 'ls.example.com'), lsListener('ls-b', 8082, 'b.example.com', { allowedRoutes: { namespaces: { from: 'Same' } } })]);
  const toSet = (sectionName?: string) => ({ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'ls', namespace: 'infra', ...(sectionName ? { sectionName } : {}) });
  const route = (ns: string, name: string, parentRefs: unknown[]) => httpRoute(ns, name, { parentRefs, rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] });
  const cases: Array<{ name: string; objects: K8sObject[]; route: [string, string]; want: string[] }> = [
    { name: 'to the set', objects: [route('infra', 'r', [toSet()])], route: ['infra', 'r'], want: ['Accepted=True:Accepted', 'ResolvedRefs=True:ResolvedRefs'] },
    { name: 'to a listener of the set', objects: [route('infra', 'r', [toSet('ls-a')])], route: ['infra', 'r'], want: ['Accepted=True:Accepted', 'ResolvedRefs=True:ResolvedRefs'] },
    { name: 'to a listener name the set does not have', objects: [route('infra', 'r', [toSet('gw')])], route: ['infra', 'r'], want: ['Accepted=False:NoMatchingParent', 'ResolvedRefs=True:ResolvedRefs'] },
    { name: 'to the Gateway with a sectionName only the set has', objects: [route('infra', 'r', [{ name: 'gw', namespace: 'infra', sectionName: 'ls-a' }])], route: ['infra', 'r'], want: ['Accepted=False:NoMatchingParent', 'ResolvedRefs=True:ResolvedRefs'] },
    {
      name: 'from another namespace to a listener allowing the set\'s own (Same)',
      objects: [route('apps', 'r', [toSet('ls-b')])],
      route: ['apps', 'r'],
      want: ['Accepted=False:NotAllowedByListeners', 'ResolvedRefs=True:ResolvedRefs'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const b = new GatewayBuild([...base, gw(allow('Same')), set, ...c.objects]);
      assert.deepEqual(b.parentConditions('HTTPRoute', c.route[0], c.route[1]), c.want);
    });
  }

  it('to a set its Gateway does not allow: NoMatchingParent, nothing served', () => {
    const b = new GatewayBuild([...base, gw(), set, route('infra', 'r', [toSet()])]);
    assert.deepEqual(b.parentConditions('HTTPRoute', 'infra', 'r'), ['Accepted=False:NoMatchingParent', 'ResolvedRefs=True:ResolvedRefs']);
    assert.equal(b.routeConfig('infra/gw/http-8082'), undefined);
  });

  it('a route of the Gateway stays on its listeners, one of the set on the set\'s: each counted where it attached', () => {
    const b = new GatewayBuild([...base, gw(allow('Same')), set, route('infra', 'on-gw', [{ name: 'gw' }]), route('infra', 'on-ls', [toSet()])]);
    const hosts = (port: number) => (b.routeConfig(`infra/gw/http-${port}`)?.virtualHosts ?? []).filter((v) => v.routes.length > 0).map((v) => v.domains[0]).sort();
    assert.deepEqual(hosts(8081), ['gw.example.com', 'ls.example.com']);
    assert.deepEqual(hosts(8082), ['b.example.com']);
    assert.deepEqual(b.detail('Gateway', 'infra', 'gw')?.listeners.map((l: { attachedRoutes: number }) => l.attachedRoutes), [1]);
    assert.deepEqual(b.detail('ListenerSet', 'infra', 'ls')?.listeners.map((l: { attachedRoutes: number }) => l.attachedRoutes), [1, 1]);
    const vh = (host: string) => b.routeConfig('infra/gw/http-8081')?.virtualHosts.find((v) => v.domains[0] === host);
    assert.notDeepEqual(vh('gw.example.com')?.routes, undefined);
    assert.equal(b.parentConditions('HTTPRoute', 'infra', 'on-gw')[0], 'Accepted=True:Accepted');
  });
});

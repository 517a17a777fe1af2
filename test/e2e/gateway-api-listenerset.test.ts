/**
 * Gateway API ListenerSets from files through a real Envoy: a ListenerSet adds an HTTP listener on another
 * port to a Gateway, served by the Gateway's Envoy; a route attached to the set answers there, a route of
 * the Gateway does not; a set's listener conflicting with the Gateway's is reported and not served while
 * the rest of the set is.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startEchoBackend, type EchoReply } from './harness/echo-backend.js';
import { eventually } from './harness/eventually.js';
import { request } from './harness/http-client.js';
import { startStack } from './harness/isobar-stack.js';
import { serviceYaml } from './harness/k8s-yaml.js';
import { freePorts } from './harness/ports.js';
import { gatewayYaml } from './harness/gateway-yaml.js';

const route = (name: string, parentRef: string, path: string, backend: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: ${name}, namespace: infra }
spec:
  parentRefs: [${parentRef}]
  rules: [{ matches: [{ path: { type: PathPrefix, value: ${path} } }], backendRefs: [{ name: ${backend}, port: 80 }] }]
`;
const toSet = (section: string) => `{ group: gateway.networking.k8s.io, kind: ListenerSet, name: extra, sectionName: ${section} }`;

describe('Gateway API ListenerSet (file source)', () => {
  it('serves a ListenerSet\'s listener on the Gateway\'s Envoy, keeps routes on their own parent, and leaves a conflicting listener out', async (t) => {
    const backends = await Promise.all(['gw', 'ls', 'dup'].map((n) => startEchoBackend(n)));
    t.after(() => Promise.all(backends.map((b) => b.close())));
    const [main, added] = await freePorts(2);
    const services = backends.map((b) => serviceYaml('infra', b.name, 80, b.port)).join('---\n');
    const gw = `${gatewayYaml('infra', 'gw', [`{ name: web, port: ${main}, protocol: HTTP, hostname: gw.example.com }`])}  allowedListeners: { namespaces: { from: Same } }\n`;
    const set = `apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: { name: extra, namespace: infra }
spec:
  parentRef: { name: gw }
  listeners:
  - { name: added, port: ${added}, protocol: HTTP }
  - { name: dup, port: ${main}, protocol: HTTP, hostname: gw.example.com }
`;
    const stack = await startStack(t, {
      config: { plugins: ['source-file', 'sink-xds', 'api-gateway'] },
      files: {
        'svc.yaml': services,
        'gw.yaml': gw,
        'ls.yaml': set,
        'routes.yaml': [route('gw', '{ name: gw }', '/gw', 'gw'), route('ls', toSet('added'), '/ls', 'ls'), route('dup', toSet('dup'), '/dup', 'dup')].join('---\n'),
      },
    });
    const get = (port: number, host: string, path: string) => request({ port, host, path });
    await eventually(async () => assert.equal((await get(added!, 'any.example.net', '/ls')).json<EchoReply>().backend, 'ls'));
    assert.equal((await get(main!, 'gw.example.com', '/gw')).json<EchoReply>().backend, 'gw', 'the Gateway keeps serving its own listener');
    assert.equal((await get(added!, 'gw.example.com', '/gw')).status, 404, 'a route of the Gateway is not on the ListenerSet\'s listener');
    assert.equal((await get(main!, 'gw.example.com', '/ls')).status, 404, 'a route of the ListenerSet is not on the Gateway\'s listener');
    assert.equal((await get(main!, 'gw.example.com', '/dup')).status, 404, 'the conflicting listener serves nothing');

    type Cond = { type: string; status: string; reason: string };
    type Entry = { name: string; attachedRoutes: number; conditions: Cond[] };
    const status = await stack.status();
    const of = (kind: string) => status.objects.find((o) => o.ref.kind === kind)?.status as { conditions: Cond[]; listeners: Entry[]; attachedListenerSets?: number } | undefined;
    const reason = (conditions: Cond[] | undefined, type: string) => conditions?.find((c) => c.type === type);
    const ls = of('ListenerSet');
    assert.deepEqual(['Accepted', 'Programmed'].map((type) => `${type}=${reason(ls?.conditions, type)?.status}`), ['Accepted=True', 'Programmed=True']);
    const dup = ls?.listeners.find((l) => l.name === 'dup');
    assert.deepEqual([reason(dup?.conditions, 'Conflicted')?.status, reason(dup?.conditions, 'Conflicted')?.reason], ['True', 'HostnameConflict']);
    assert.equal(ls?.listeners.find((l) => l.name === 'added')?.attachedRoutes, 1);
    const gateway = of('Gateway');
    assert.equal(gateway?.attachedListenerSets, 1);
    assert.equal(reason(gateway?.listeners[0]?.conditions, 'Conflicted')?.status, 'False', 'the Gateway\'s own listener wins the conflict');
    const parent = (status.objects.find((o) => o.ref.kind === 'HTTPRoute' && o.ref.name === 'ls')?.status as { parents: Array<{ parentRef: { kind: string }; conditions: Cond[] }> } | undefined)?.parents[0];
    assert.deepEqual([parent?.parentRef.kind, reason(parent?.conditions, 'Accepted')?.status], ['ListenerSet', 'True']);
  });
});

/**
 * Gateway API from files through a real Envoy: a Gateway's HTTP listener on a port of its own, HTTPRoutes
 * with path, header, query and method matches in the spec's precedence, header modifiers, redirects,
 * rewrites and weights; a broken route answers as the spec says and leaves the others alone.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startEchoBackend, type EchoReply } from './harness/echo-backend.js';
import { eventually } from './harness/eventually.js';
import { request } from './harness/http-client.js';
import { startStack } from './harness/isobar-stack.js';
import { serviceYaml } from './harness/k8s-yaml.js';
import { freePorts } from './harness/ports.js';
import { gatewayYaml, routeYaml } from './harness/gateway-yaml.js';

const PLUGINS = ['source-file', 'sink-xds', 'api-ingress', 'api-gateway'];

const routesYaml = [
  routeYaml('HTTPRoute', 'infra', 'matching', ['match.example.com'], `
  - matches: [{ path: { type: PathPrefix, value: / } }]
    backendRefs: [{ name: v1, port: 80 }]
  - matches: [{ path: { type: PathPrefix, value: / }, headers: [{ name: version, value: two }] }]
    backendRefs: [{ name: v2, port: 80 }]
  - matches: [{ path: { type: PathPrefix, value: / }, queryParams: [{ name: color, value: blue }] }]
    backendRefs: [{ name: v2, port: 80 }]
  - matches: [{ path: { type: Exact, value: /exact } , method: POST }]
    backendRefs: [{ name: v2, port: 80 }]
  - matches: [{ path: { type: RegularExpression, value: "/items/[0-9]+" } }]
    backendRefs: [{ name: v2, port: 80 }]
`),
  routeYaml('HTTPRoute', 'infra', 'filters', ['filters.example.com'], `
  - matches: [{ path: { type: PathPrefix, value: /headers } }]
    filters:
    - type: RequestHeaderModifier
      requestHeaderModifier: { set: [{ name: x-set, value: one }], add: [{ name: x-add, value: two }], remove: [x-drop] }
    - type: ResponseHeaderModifier
      responseHeaderModifier: { add: [{ name: x-answer, value: yes }] }
    backendRefs: [{ name: v1, port: 80 }]
  - matches: [{ path: { type: PathPrefix, value: /old } }]
    filters:
    - type: URLRewrite
      urlRewrite: { hostname: rewritten.example.com, path: { type: ReplacePrefixMatch, replacePrefixMatch: /new } }
    backendRefs: [{ name: v1, port: 80 }]
  - matches: [{ path: { type: PathPrefix, value: /moved } }]
    filters:
    - type: RequestRedirect
      requestRedirect: { scheme: https, hostname: elsewhere.example.com, statusCode: 301 }
  - matches: [{ path: { type: PathPrefix, value: /see-other } }]
    filters:
    - type: RequestRedirect
      requestRedirect: { path: { type: ReplaceFullPath, replaceFullPath: /landing }, statusCode: 303 }
`),
  routeYaml('HTTPRoute', 'infra', 'broken', ['broken.example.com'], `
  - backendRefs: [{ name: missing, port: 80 }]
`),
].join('---\n');

describe('Gateway API over HTTP (file source)', () => {
  it('routes by path, header, query and method with the spec precedence, applies filters, and isolates a broken route', async (t) => {
    const v1 = await startEchoBackend('v1');
    const v2 = await startEchoBackend('v2');
    t.after(() => Promise.all([v1.close(), v2.close()]));
    const [port] = await freePorts(1);
    const stack = await startStack(t, {
      config: { plugins: PLUGINS },
      files: {
        'svc.yaml': `${serviceYaml('infra', 'v1', 80, v1.port)}---\n${serviceYaml('infra', 'v2', 80, v2.port)}`,
        'gateway.yaml': gatewayYaml('infra', 'gw', [`{ name: http, port: ${port}, protocol: HTTP, allowedRoutes: { namespaces: { from: All } } }`]),
        'routes.yaml': routesYaml,
      },
    });
    const get = (host: string, path: string, extra: { method?: string; headers?: Record<string, string> } = {}) => request({ port: port!, host, path, ...extra });
    const backend = async (host: string, path: string, extra = {}) => (await get(host, path, extra)).json<EchoReply>().backend;
    await eventually(async () => assert.equal((await get('match.example.com', '/')).status, 200));

    assert.equal(await backend('match.example.com', '/'), 'v1');
    const withPort = (await get('match.example.com:1234', '/')).json<EchoReply>();
    assert.deepEqual([withPort.backend, withPort.headers.host], ['v1', 'match.example.com:1234'], 'hosts match without the port, and the backend sees Host as sent');
    assert.equal(await backend('match.example.com', '/', { headers: { version: 'two' } }), 'v2', 'a header match beats a bare path of the same length');
    assert.equal(await backend('match.example.com', '/?color=blue'), 'v2');
    assert.equal(await backend('match.example.com', '/?color=red'), 'v1');
    assert.equal(await backend('match.example.com', '/exact', { method: 'POST' }), 'v2');
    assert.equal(await backend('match.example.com', '/exact'), 'v1', 'GET does not meet the method match');
    assert.equal(await backend('match.example.com', '/items/42'), 'v2');
    assert.equal(await backend('match.example.com', '/items/x'), 'v1');

    const h = await get('filters.example.com', '/headers', { headers: { 'x-set': 'zero', 'x-add': 'one', 'x-drop': 'gone' } });
    const seen = h.json<EchoReply>().headers;
    assert.deepEqual([seen['x-set'], seen['x-add'], seen['x-drop']], ['one', 'one, two', undefined]);
    assert.equal(h.headers['x-answer'], 'yes');
    const rw = (await get('filters.example.com', '/old/page?q=1')).json<EchoReply>();
    assert.deepEqual([rw.path, rw.headers.host], ['/new/page?q=1', 'rewritten.example.com']);
    const moved = await get('filters.example.com', '/moved/x');
    assert.deepEqual([moved.status, moved.headers.location], [301, 'https://elsewhere.example.com/moved/x']);
    const other = await get('filters.example.com', '/see-other/x');
    assert.equal(other.status, 303);
    assert.equal(other.headers.location, `http://filters.example.com:${port}/landing`);

    assert.equal((await get('broken.example.com', '/')).status, 500, 'a rule without a usable backend answers 500');
    assert.equal((await get('nowhere.example.com', '/')).status, 404);

    const status = await stack.status();
    const route = status.objects.find((o) => o.ref.kind === 'HTTPRoute' && o.ref.name === 'broken') as { status?: { parents: Array<{ conditions: Array<{ type: string; status: string; reason: string }> }> } } | undefined;
    assert.deepEqual(
      route?.status?.parents[0]?.conditions.map((c) => `${c.type}=${c.status}:${c.reason}`),
      ['Accepted=True:Accepted', 'ResolvedRefs=False:BackendNotFound'],
    );
    const gw = status.objects.find((o) => o.ref.kind === 'Gateway') as { status?: { listeners: Array<{ attachedRoutes: number }> } } | undefined;
    assert.equal(gw?.status?.listeners[0]?.attachedRoutes, 3);
  });
});

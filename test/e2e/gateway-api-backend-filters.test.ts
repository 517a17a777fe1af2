/**
 * Gateway API backendRefs through a real Envoy: each backend's own header filters, a URL rewrite written
 * on the backend, and the spec's 500 for the share of requests meant for a backendRef that cannot be used.
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

const headerFilter = (name: string, value: string) => `[{ type: RequestHeaderModifier, requestHeaderModifier: { set: [{ name: ${name}, value: ${value} }], remove: [x-drop] } }]`;

const routesYaml = [
  routeYaml('HTTPRoute', 'infra', 'per-backend', ['split.example.com'], `
  - matches: [{ path: { type: PathPrefix, value: /headers } }]
    filters: [{ type: ResponseHeaderModifier, responseHeaderModifier: { add: [{ name: x-rule, value: yes }] } }]
    backendRefs:
    - { name: v1, port: 80, filters: ${headerFilter('x-backend', 'one')} }
    - { name: v2, port: 80, filters: ${headerFilter('x-backend', 'two')} }
  - matches: [{ path: { type: PathPrefix, value: /rewrite } }]
    backendRefs:
    - { name: v1, port: 80, filters: [{ type: URLRewrite, urlRewrite: { path: { type: ReplacePrefixMatch, replacePrefixMatch: /new } } }] }
  - matches: [{ path: { type: PathPrefix, value: /differ } }]
    backendRefs:
    - { name: v1, port: 80, filters: [{ type: URLRewrite, urlRewrite: { path: { type: ReplaceFullPath, replaceFullPath: /a } } }] }
    - { name: v2, port: 80, filters: [{ type: URLRewrite, urlRewrite: { path: { type: ReplaceFullPath, replaceFullPath: /b } } }] }
  - matches: [{ path: { type: PathPrefix, value: /half } }]
    backendRefs:
    - { name: v1, port: 80 }
    - { name: missing, port: 80 }
`),
].join('---\n');

describe('Gateway API backendRefs (file source)', () => {
  it('applies each backend its own filters and answers 500 for the share of an unusable backend', async (t) => {
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
    const get = (path: string, headers: Record<string, string> = {}) => request({ port: port!, host: 'split.example.com', path, headers });
    await eventually(async () => assert.equal((await get('/rewrite/x')).status, 200));

    const seen = new Map<string, Set<string>>();
    for (let i = 0; i < 40 && seen.size < 2; i++) {
      const reply = await get('/headers', { 'x-drop': 'gone', 'x-backend': 'client' });
      assert.equal(reply.headers['x-rule'], 'yes', 'the rule-level filter still applies to every backend');
      const echo = reply.json<EchoReply>();
      assert.equal(echo.headers['x-drop'], undefined);
      seen.set(echo.backend, (seen.get(echo.backend) ?? new Set()).add(String(echo.headers['x-backend'])));
    }
    assert.deepEqual([...seen.get('v1') ?? []], ['one'], 'v1 sees its own header value only');
    assert.deepEqual([...seen.get('v2') ?? []], ['two'], 'v2 sees its own header value only');

    assert.equal((await get('/rewrite/page?q=1')).json<EchoReply>().path, '/new/page?q=1', 'a backend URL rewrite applies');
    assert.equal((await get('/differ')).status, 500, 'rewrites that differ per backend cannot be served: the rule answers 500');

    const codes = new Map<number, number>();
    for (let i = 0; i < 60; i++) {
      const reply = await get('/half');
      codes.set(reply.status, (codes.get(reply.status) ?? 0) + 1);
      if (reply.status === 200) assert.equal(reply.json<EchoReply>().backend, 'v1');
    }
    assert.deepEqual([...codes.keys()].sort(), [200, 500], 'the missing backend\'s share is answered 500, the rest served');
    assert.ok((codes.get(500) ?? 0) > 10 && (codes.get(200) ?? 0) > 10, `about half each: ${JSON.stringify([...codes])}`);

    const status = await stack.status();
    const route = status.objects.find((o) => o.ref.kind === 'HTTPRoute') as { status?: { parents: Array<{ conditions: Array<{ type: string; status: string; reason: string }> }> } } | undefined;
    assert.deepEqual(
      route?.status?.parents[0]?.conditions.map((c) => `${c.type}=${c.status}:${c.reason}`),
      ['Accepted=True:Accepted', 'ResolvedRefs=False:BackendNotFound'],
    );
  });
});

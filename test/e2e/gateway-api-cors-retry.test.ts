/**
 * Gateway API CORS filters and rule retries through a real Envoy: preflights answered by Envoy with the
 * policy's headers, CORS headers on answers to allowed origins only (exact, `*.` wildcard and `*`), and
 * retries of the listed status codes up to `attempts`, of failed connections, within the rule's timeouts.
 * Bad values stay warnings on their field; the rest of the route is served.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventually } from './harness/eventually.js';
import { request, type HttpResponse } from './harness/http-client.js';
import { startStack } from './harness/isobar-stack.js';
import { serviceYaml } from './harness/k8s-yaml.js';
import { freePorts } from './harness/ports.js';
import { gatewayYaml, routeYaml } from './harness/gateway-yaml.js';
import { startScriptedBackend, type ScriptedReply } from './harness/scripted-backend.js';

const PLUGINS = ['source-file', 'sink-xds', 'api-ingress', 'api-gateway', 'timeout-retry'];
const CORS_HOST = 'cors.example.com';
const RETRY_HOST = 'retry.example.com';

const corsRoute = routeYaml('HTTPRoute', 'infra', 'cors', [CORS_HOST], `
  - matches: [{ path: { type: PathPrefix, value: /cors-1 } }]
    filters:
    - type: CORS
      cors:
        allowOrigins: ["https://www.foo.com", "https://*.bar.com"]
        allowMethods: [GET, OPTIONS]
        allowHeaders: [x-header-1, x-header-2]
        exposeHeaders: [x-header-3, x-header-4]
        allowCredentials: true
        maxAge: 3600
    backendRefs: [{ name: app, port: 80 }]
  - matches: [{ path: { type: PathPrefix, value: /cors-2 } }]
    filters:
    - type: CORS
      cors: { allowOrigins: ["https://www.foo.com"], allowMethods: ["*"] }
    backendRefs: [{ name: app, port: 80 }]
  - matches: [{ path: { type: PathPrefix, value: /any-origin } }]
    filters:
    - type: CORS
      cors: { allowOrigins: ["*"], allowMethods: ["*"], allowHeaders: ["*"], allowCredentials: true }
    backendRefs: [{ name: app, port: 80 }]
  - matches: [{ path: { type: PathPrefix, value: /bad-origin } }]
    filters:
    - type: CORS
      cors: { allowOrigins: ["https://files.foo.com:99999", "https://www.foo.com"], allowMethods: [GET] }
    backendRefs: [{ name: app, port: 80 }]
  - matches: [{ path: { type: PathPrefix, value: /plain } }]
    backendRefs: [{ name: app, port: 80 }]
`);

const retryRoute = routeYaml('HTTPRoute', 'infra', 'retries', [RETRY_HOST], `
  - matches: [{ path: { type: PathPrefix, value: /code-500-attempts-3 } }]
    retry: { codes: [500], attempts: 3 }
    backendRefs: [{ name: app, port: 80 }]
  - matches: [{ path: { type: PathPrefix, value: /code-all-attempts-2 } }]
    retry: { codes: [500, 502, 503, 504], attempts: 2, backoff: 10ms }
    backendRefs: [{ name: app, port: 80 }]
  - matches: [{ path: { type: PathPrefix, value: /code-all-attempts-0 } }]
    retry: { codes: [500, 502, 503, 504], attempts: 0 }
    backendRefs: [{ name: app, port: 80 }]
  - matches: [{ path: { type: PathPrefix, value: /request-timeout-500ms } }]
    retry: { codes: [500], attempts: 5 }
    timeouts: { request: 500ms }
    backendRefs: [{ name: app, port: 80 }]
  - matches: [{ path: { type: PathPrefix, value: /backend-timeout-500ms } }]
    retry: { codes: [500], attempts: 3 }
    timeouts: { backendRequest: 500ms, request: 15s }
    backendRefs: [{ name: app, port: 80 }]
  - matches: [{ path: { type: PathPrefix, value: /connection-errors } }]
    retry: { attempts: 5 }
    backendRefs: [{ name: half-down, port: 80 }]
  - matches: [{ path: { type: PathPrefix, value: /no-retry } }]
    backendRefs: [{ name: half-down, port: 80 }]
  - matches: [{ path: { type: PathPrefix, value: /bad-backoff } }]
    retry: { codes: [503], attempts: 1, backoff: 0s }
    backendRefs: [{ name: app, port: 80 }]
`);

/** A Service whose Endpoints are two ports on 127.0.0.1: one nothing listens on, one served. */
function halfDownServiceYaml(deadPort: number, livePort: number): string {
  return `apiVersion: v1
kind: Service
metadata: { name: half-down, namespace: infra }
spec:
  ports: [{ port: 80 }]
---
apiVersion: v1
kind: Endpoints
metadata: { name: half-down, namespace: infra }
subsets:
- addresses: [{ ip: 127.0.0.1 }]
  ports: [{ port: ${deadPort} }]
- addresses: [{ ip: 127.0.0.1 }]
  ports: [{ port: ${livePort} }]
`;
}

const PREFLIGHT = { 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-header-1, x-header-2' };
const noSpaces = (v: string | string[] | undefined) => (typeof v === 'string' ? v.replaceAll(' ', '') : v);

describe('Gateway API CORS and retries (file source)', () => {
  it('answers preflights and adds CORS headers for allowed origins only; retries listed codes and failed connections within the timeouts', async (t) => {
    const app = await startScriptedBackend('app');
    t.after(() => app.close());
    const [port, deadPort] = await freePorts(2);
    const stack = await startStack(t, {
      config: { plugins: PLUGINS },
      files: {
        'svc.yaml': `${serviceYaml('infra', 'app', 80, app.port)}---\n${halfDownServiceYaml(deadPort!, app.port)}`,
        'gateway.yaml': gatewayYaml('infra', 'gw', [`{ name: http, port: ${port}, protocol: HTTP, allowedRoutes: { namespaces: { from: All } } }`]),
        'routes.yaml': `${corsRoute}---\n${retryRoute}`,
      },
    });
    const cors = (path: string, method: string, headers: Record<string, string>) => request({ port: port!, host: CORS_HOST, path, method, headers });
    const retry = (path: string, timeoutMs = 10_000) => request({ port: port!, host: RETRY_HOST, path, timeoutMs });
    await eventually(async () => {
      assert.equal((await cors('/plain', 'GET', {})).status, 200);
      assert.equal((await retry('/code-500-attempts-3/ready')).status, 200);
    });

    // Preflights from allowed origins: Envoy answers them itself, with the policy's headers.
    for (const origin of ['https://www.foo.com', 'https://www.bar.com', 'https://xpto.www.bar.com']) {
      const pre = await cors('/cors-1', 'OPTIONS', { origin, ...PREFLIGHT });
      assert.equal(pre.status, 200, origin);
      assert.equal(pre.headers['access-control-allow-origin'], origin);
      assert.equal(noSpaces(pre.headers['access-control-allow-methods']), 'GET,OPTIONS');
      assert.equal(noSpaces(pre.headers['access-control-allow-headers']), 'x-header-1,x-header-2');
      assert.equal(noSpaces(pre.headers['access-control-expose-headers']), 'x-header-3,x-header-4');
      assert.equal(pre.headers['access-control-max-age'], '3600');
      assert.equal(pre.headers['access-control-allow-credentials'], 'true');
      assert.equal(app.hits(`/cors-1`), 0, 'the preflight did not reach the backend');
    }
    // A preflight from another origin (`bar.com` itself is one) is answered by Envoy without CORS headers,
    // and never reaches the backend.
    for (const origin of ['https://foobar.com', 'https://bar.com', 'http://www.bar.com']) {
      const pre = await cors('/cors-1', 'OPTIONS', { origin, 'access-control-request-method': 'GET' });
      assert.ok([200, 204, 403].includes(pre.status), `${origin}: ${pre.status}`);
      assert.equal(pre.headers['access-control-allow-origin'], undefined, origin);
      assert.equal(app.hits('/cors-1'), 0, `${origin}: the preflight did not reach the backend`);
    }
    // Simple requests: the allowed origin is echoed, another gets nothing.
    const simple = await cors('/cors-1', 'GET', { origin: 'https://www.bar.com' });
    assert.deepEqual([simple.status, simple.headers['access-control-allow-origin'], simple.headers['access-control-allow-credentials']], [200, 'https://www.bar.com', 'true']);
    assert.equal(noSpaces(simple.headers['access-control-expose-headers']), 'x-header-3,x-header-4');
    const stranger = await cors('/cors-1', 'GET', { origin: 'https://foobar.com' });
    assert.deepEqual([stranger.status, stranger.headers['access-control-allow-origin']], [200, undefined]);

    // allowMethods ["*"]: the asked method is echoed; no credentials header; maxAge defaults to 5.
    const star = await cors('/cors-2', 'OPTIONS', { origin: 'https://www.foo.com', 'access-control-request-method': 'POST' });
    assert.equal(star.status, 200);
    assert.equal(star.headers['access-control-allow-origin'], 'https://www.foo.com');
    assert.ok(['POST', '*'].includes(String(star.headers['access-control-allow-methods'])), String(star.headers['access-control-allow-methods']));
    assert.equal(star.headers['access-control-allow-credentials'], undefined);
    assert.equal(star.headers['access-control-max-age'], '5');

    // Any origin with credentials: the origin is echoed (never `*`), and so are the asked method and headers.
    const any = await cors('/any-origin', 'OPTIONS', { origin: 'https://other.foo.com:12345', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'x-header-1, x-header-2' });
    assert.equal(any.status, 200);
    assert.equal(any.headers['access-control-allow-origin'], 'https://other.foo.com:12345');
    assert.equal(any.headers['access-control-allow-methods'], 'PUT');
    assert.equal(noSpaces(any.headers['access-control-allow-headers']), 'x-header-1,x-header-2');
    assert.equal(any.headers['access-control-allow-credentials'], 'true');

    // The bad origin (the schema lets a port of five digits through) is left out with a warning; the good one works.
    const bad = await cors('/bad-origin', 'OPTIONS', { origin: 'https://www.foo.com', 'access-control-request-method': 'GET' });
    assert.deepEqual([bad.status, bad.headers['access-control-allow-origin'], bad.headers['access-control-max-age']], [200, 'https://www.foo.com', '5']);
    const ftp = await cors('/bad-origin', 'GET', { origin: 'https://files.foo.com:99999' });
    assert.equal(ftp.headers['access-control-allow-origin'], undefined);
    // A route without the filter has no CORS.
    const plain = await cors('/plain', 'OPTIONS', { origin: 'https://www.foo.com', 'access-control-request-method': 'GET' });
    assert.deepEqual([plain.headers['access-control-allow-origin'], plain.json<ScriptedReply>().backend], [undefined, 'app']);

    // Retries of the listed codes, up to `attempts` after the first try.
    const cases: Array<[string, number, number]> = [
      ['/code-500-attempts-3/a?fail=2&code=500', 200, 3],
      ['/code-500-attempts-3/b?fail=4&code=500', 500, 4],
      ['/code-500-attempts-3/c?fail=2&code=503', 503, 1],
      ['/code-all-attempts-2/a?fail=1&code=502', 200, 2],
      ['/code-all-attempts-2/b?fail=3&code=504', 504, 3],
      ['/code-all-attempts-0/a?fail=1&code=500', 500, 1],
      ['/bad-backoff/a?fail=1&code=503', 200, 2],
    ];
    for (const [path, status, hits] of cases) {
      assert.equal((await retry(path)).status, status, path);
      assert.equal(app.hits(path), hits, `${path}: attempts`);
    }

    // Timeouts: the request timeout bounds all attempts, the backend timeout each one.
    assert.equal((await retry('/request-timeout-500ms/a?fail=1&code=500')).status, 200);
    const slow = await timed(() => retry('/request-timeout-500ms/b?fail=2&code=500&delay=300&delayCount=2'));
    assert.equal(slow.response.status, 504);
    assert.ok(slow.ms < 1500, `the request timeout cut the retries short (${Math.round(slow.ms)} ms)`);
    assert.equal((await retry('/backend-timeout-500ms/a?fail=2&code=500&delay=100&delayCount=2')).status, 200);
    assert.equal(app.hits('/backend-timeout-500ms/a?fail=2&code=500&delay=100&delayCount=2'), 3);

    // Failed connections are retried (on the other endpoint): every request succeeds; without retry, some fail.
    const connected = await Promise.all(Array.from({ length: 8 }, (_, i) => retry(`/connection-errors/${i}`)));
    assert.deepEqual(connected.map((r) => r.status), Array(8).fill(200));
    const unretried = await Promise.all(Array.from({ length: 8 }, (_, i) => retry(`/no-retry/${i}`)));
    assert.ok(unretried.some((r) => r.status === 503), `without retry a dead endpoint shows: ${unretried.map((r) => r.status).join(',')}`);

    const status = await stack.status();
    const warnings = (name: string) =>
      status.objects.find((o) => o.ref.kind === 'HTTPRoute' && o.ref.name === name)?.conditions.map((c) => `${c.reason} ${c.field}`) ?? [];
    assert.deepEqual(warnings('cors'), ['FieldInvalid spec.rules[3].filters[0].cors.allowOrigins[0]']);
    assert.deepEqual(warnings('retries'), ['FieldInvalid spec.rules[7].retry.backoff']);
  });

  it('reports retry as FeatureDisabled without the timeout-retry plugin, and serves the rule without retries', async (t) => {
    const app = await startScriptedBackend('app');
    t.after(() => app.close());
    const [port] = await freePorts(1);
    const stack = await startStack(t, {
      config: { plugins: PLUGINS.filter((p) => p !== 'timeout-retry') },
      files: {
        'svc.yaml': serviceYaml('infra', 'app', 80, app.port),
        'gateway.yaml': gatewayYaml('infra', 'gw', [`{ name: http, port: ${port}, protocol: HTTP, allowedRoutes: { namespaces: { from: All } } }`]),
        'routes.yaml': routeYaml('HTTPRoute', 'infra', 'retries', [RETRY_HOST], `
  - retry: { codes: [503], attempts: 3 }
    backendRefs: [{ name: app, port: 80 }]
`),
      },
    });
    const get = (path: string) => request({ port: port!, host: RETRY_HOST, path });
    await eventually(async () => assert.equal((await get('/ready')).status, 200));
    assert.equal((await get('/a?fail=1')).status, 503);
    assert.equal(app.hits('/a?fail=1'), 1);
    const route = (await stack.status()).objects.find((o) => o.ref.kind === 'HTTPRoute');
    assert.deepEqual(route?.conditions.map((c) => `${c.reason} ${c.field}`), ['FeatureDisabled spec.rules[0].retry']);
  });
});

async function timed(fn: () => Promise<HttpResponse>): Promise<{ response: HttpResponse; ms: number }> {
  const started = performance.now();
  const response = await fn();
  return { response, ms: performance.now() - started };
}

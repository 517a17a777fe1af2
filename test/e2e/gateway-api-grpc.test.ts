/**
 * GRPCRoute from files through a real Envoy: gRPC calls routed by service and method and by metadata to
 * real gRPC servers (HTTP/2 to the backend), header modifiers on the way; an unknown method gets gRPC's
 * answer for a missing route.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventually } from './harness/eventually.js';
import { grpcCall, startGrpcEchoBackend, type GrpcEchoReply } from './harness/grpc-echo-backend.js';
import { startStack } from './harness/isobar-stack.js';
import { serviceYaml } from './harness/k8s-yaml.js';
import { freePorts } from './harness/ports.js';
import { gatewayYaml, routeYaml } from './harness/gateway-yaml.js';

const METHODS = ['/echo.Echo/Hello', '/echo.Echo/Bye', '/other.Svc/Call'];

describe('Gateway API GRPCRoute (file source)', () => {
  it('routes calls by method and metadata to gRPC backends over HTTP/2', async (t) => {
    const one = await startGrpcEchoBackend('one', METHODS);
    const two = await startGrpcEchoBackend('two', METHODS);
    t.after(() => Promise.all([one.close(), two.close()]));
    const [port] = await freePorts(1);
    const stack = await startStack(t, {
      config: { plugins: ['source-file', 'sink-xds', 'api-gateway'] },
      files: {
        'svc.yaml': `${serviceYaml('infra', 'one', 50051, one.port)}---\n${serviceYaml('infra', 'two', 50051, two.port)}`,
        'gw.yaml': `${gatewayYaml('infra', 'gw', [`{ name: grpc, port: ${port}, protocol: HTTP }`])}---
${routeYaml('GRPCRoute', 'infra', 'echo', ['grpc.example.com'], `
  - matches: [{ method: { service: echo.Echo, method: Hello } }]
    filters: [{ type: RequestHeaderModifier, requestHeaderModifier: { add: [{ name: x-via, value: isobar }] } }]
    backendRefs: [{ name: one, port: 50051 }]
  - matches: [{ method: { service: echo.Echo } }]
    backendRefs: [{ name: two, port: 50051 }]
  - matches: [{ method: { service: other.Svc }, headers: [{ name: tenant, value: blue }] }]
    backendRefs: [{ name: one, port: 50051 }]
`)}`,
      },
    });
    const call = (method: string, md: Record<string, string> = {}) => grpcCall(`127.0.0.1:${port}`, 'grpc.example.com', method, md);
    const hello = (await eventually(async () => {
      const r = await call('/echo.Echo/Hello');
      assert.ok('backend' in r, JSON.stringify(r));
      return r;
    })) as GrpcEchoReply;
    assert.deepEqual([hello.backend, hello.metadata['x-via']], ['one', 'isobar']);
    assert.equal(((await call('/echo.Echo/Bye')) as GrpcEchoReply).backend, 'two', 'the service prefix takes its other methods');
    assert.equal(((await call('/other.Svc/Call', { tenant: 'blue' })) as GrpcEchoReply).backend, 'one');
    assert.deepEqual(await call('/other.Svc/Call'), { code: 12 }, 'no route: UNIMPLEMENTED');
    const status = await stack.status();
    const route = status.objects.find((o) => o.ref.kind === 'GRPCRoute') as { status?: { parents: Array<{ conditions: Array<{ type: string; status: string }> }> } } | undefined;
    assert.deepEqual(route?.status?.parents[0]?.conditions.map((c) => `${c.type}=${c.status}`), ['Accepted=True', 'ResolvedRefs=True']);
  });
});

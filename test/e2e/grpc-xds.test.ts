/**
 * A second, independent xDS client: @grpc/grpc-js-xds (proxyless gRPC) resolves `xds:///echo.test`
 * through isobar's ADS server (LDS API listener → RDS → CDS → EDS) and calls a real gRPC server, then
 * follows an Endpoints change to another server. No Envoy here: this checks the xDS server itself.
 */
import * as grpc from '@grpc/grpc-js';
import * as grpcXds from '@grpc/grpc-js-xds';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { test } from 'node:test';
import { App } from '../../cli/app.js';
import { inProcessConfig } from './harness/in-process-config.js';
import { createLogger } from '../../core/logging.js';
import { eventually } from './harness/eventually.js';
import { request } from './harness/http-client.js';
import { createTempDir } from './harness/temp-dir.js';

const METHOD = '/test.Echo/Say';
const raw = (b: Buffer) => b;

interface GrpcEcho {
  name: string;
  port: number;
  calls: number;
  stop(): Promise<void>;
}

/** A gRPC server on 127.0.0.1 with one unary method that answers `echo <payload> from <name>`. */
async function startGrpcEcho(name: string): Promise<GrpcEcho> {
  const server = new grpc.Server();
  const echo: GrpcEcho = { name, port: 0, calls: 0, stop: () => new Promise((resolve) => server.tryShutdown(() => resolve())) };
  const definition: grpc.ServiceDefinition = {
    Say: { path: METHOD, requestStream: false, responseStream: false, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw },
  };
  server.addService(definition, {
    Say: (call: grpc.ServerUnaryCall<Buffer, Buffer>, done: grpc.sendUnaryData<Buffer>) => {
      echo.calls++;
      done(null, Buffer.from(`echo ${call.request.toString('utf8')} from ${name}`));
    },
  });
  echo.port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
  );
  return echo;
}

function say(client: grpc.Client, payload: string, method = METHOD): Promise<string> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest<Buffer, Buffer>(method, raw, raw, Buffer.from(payload), { deadline: Date.now() + 3000 }, (err, reply) =>
      err || !reply ? reject(err ?? new Error('no reply')) : resolve(reply.toString('utf8')),
    );
  });
}

function objects(): string {
  return `apiVersion: v1
kind: Service
metadata: { name: echo, namespace: grpc }
spec:
  ports: [{ name: grpc, port: 50051 }]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: echo, namespace: grpc }
spec:
  rules:
  - host: echo.test
    http:
      paths:
      - { path: /test.Echo, pathType: Prefix, backend: { service: { name: echo, port: { number: 50051 } } } }
`;
}

function endpointsYaml(backendPort: number): string {
  return `apiVersion: v1
kind: Endpoints
metadata: { name: echo, namespace: grpc }
subsets:
- addresses: [{ ip: 127.0.0.1 }]
  ports: [{ name: grpc, port: ${backendPort} }]
`;
}

/** A neighbour Ingress in the same route configuration, using features (path-segment prefix, regex rewrite) a gRPC client must accept or ignore. */
const NEIGHBOUR = `apiVersion: v1
kind: Service
metadata: { name: web, namespace: grpc }
spec:
  ports: [{ port: 80 }]
---
apiVersion: v1
kind: Endpoints
metadata: { name: web, namespace: grpc }
subsets:
- addresses: [{ ip: 127.0.0.1 }]
  ports: [{ port: 9 }]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: grpc
  annotations: { nginx.ingress.kubernetes.io/rewrite-target: /v2/$1 }
spec:
  rules:
  - host: web.test
    http:
      paths:
      - { path: /api/(.*), pathType: ImplementationSpecific, backend: { service: { name: web, port: { number: 80 } } } }
      - { path: /app, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }
`;

interface SinkStatus {
  nacksTotal: number;
  nodes: Array<{ id: string; acked: Record<string, string>; lastNack?: unknown }>;
}

test('grpc-js-xds resolves xds:///echo.test through isobar and follows endpoint changes', async (t) => {
  // node:test runs after() hooks first-registered first; one hook keeps the order right: client, isobar, servers.
  const cleanup: Array<() => unknown> = [];
  t.after(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });
  const a = await startGrpcEcho('A');
  cleanup.push(() => a.stop());
  const b = await startGrpcEcho('B');
  cleanup.push(() => b.stop());

  const dir = await createTempDir('isobar-grpc-xds-');
  cleanup.push(() => dir.remove());
  await dir.write('echo.yaml', objects());
  await dir.write('echo-endpoints.yaml', endpointsYaml(a.port));
  await dir.write('web.yaml', NEIGHBOUR);

  const config = inProcessConfig(dir.path, { 'xds.proxylessGrpc': true });
  const app = await App.create(config, createLogger(config.log));
  cleanup.push(() => app.stop());
  await app.start();
  const xdsPort = app.xdsPort();
  assert.ok(xdsPort, 'sink-xds reports its port');

  // The bootstrap is read (and cached) when the first xds: channel is made, so set it before that.
  process.env.GRPC_XDS_BOOTSTRAP_CONFIG = JSON.stringify({
    xds_servers: [{ server_uri: `127.0.0.1:${xdsPort}`, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
    node: { id: 'grpc-e2e', cluster: 'grpc-e2e', locality: {} },
  });
  grpcXds.register();
  const client = new grpc.Client('xds:///echo.test', grpc.credentials.createInsecure());
  cleanup.push(() => client.close());

  const sinkStatus = async () => {
    const res = await request({ port: app.adminPort, path: '/status' });
    return res.json<{ sinks: Record<string, SinkStatus> }>().sinks['sink-xds']!;
  };

  // On failure, say what isobar saw of the client (a NACK carries the client's reason).
  const first = await eventually(() => say(client, 'hello'), { timeoutMs: 15_000, intervalMs: 200 }).catch(async (err: Error) => {
    throw new Error(`${err.message}\nisobar's view of its xDS clients: ${JSON.stringify(await sinkStatus())}`);
  });
  assert.equal(first, 'echo hello from A');
  assert.ok(a.calls >= 1);

  // `Prefix` /test.Echo is whole path segments, for gRPC clients as for Envoy: /test.EchoX is not under it.
  await assert.rejects(say(client, 'x', '/test.EchoX/Say'), (err: grpc.ServiceError) => err.code === grpc.status.UNAVAILABLE && /route/i.test(err.details));

  const afterFirst = await sinkStatus();
  assert.equal(afterFirst.nacksTotal, 0, `grpc-js-xds rejected isobar's resources: ${JSON.stringify(afterFirst)}`);
  const node = afterFirst.nodes.find((n) => n.id === 'grpc-e2e');
  assert.ok(node, `the gRPC client shows up as an xDS node: ${JSON.stringify(afterFirst.nodes)}`);
  assert.deepEqual(Object.keys(node.acked).sort(), ['CDS', 'EDS', 'LDS', 'RDS'], 'it ACKed every type it was sent');

  // Move the service to server B: an EDS update the client must follow without reconnecting.
  await writeFile(dir.file('echo-endpoints.yaml'), endpointsYaml(b.port));
  await eventually(async () => assert.equal(await say(client, 'again'), 'echo again from B'), { timeoutMs: 15_000, intervalMs: 100 });
  const callsOnA = a.calls;
  for (let i = 0; i < 5; i++) assert.equal(await say(client, `n${i}`), `echo n${i} from B`);
  assert.equal(a.calls, callsOnA, 'once moved, no call goes to the old server');

  const end = await sinkStatus();
  assert.equal(end.nacksTotal, 0, `grpc-js-xds rejected an update: ${JSON.stringify(end)}`);
});

/**
 * TCPRoute from files through a real Envoy: a Gateway's TCP listener proxies every connection to its
 * oldest route's backends, weighted, without waiting for the client to speak first; a route without a
 * usable backend gets its connections closed, and only its own listener is affected.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { eventually } from './harness/eventually.js';
import { gatewayYaml } from './harness/gateway-yaml.js';
import { startStack } from './harness/isobar-stack.js';
import { serviceYaml } from './harness/k8s-yaml.js';
import { freePorts } from './harness/ports.js';
import { startTcpEchoBackend } from './harness/stream-echo-backend.js';

const tcpRoute = (name: string, section: string, backends: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: TCPRoute
metadata: { name: ${name}, namespace: infra }
spec:
  parentRefs: [{ name: gw, sectionName: ${section} }]
  rules: [{ backendRefs: ${backends} }]
`;

/** Connects, reads the server's first line (sent before the client says anything), sends a line and reads its echo. */
function greetAndEcho(port: number, line: string): Promise<{ greeting: string; echo: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    const timer = setTimeout(() => socket.destroy(new Error(`no answer on port ${port}; got ${JSON.stringify(data)}`)), 3000);
    socket.on('data', (chunk) => {
      data += chunk.toString();
      const lines = data.split('\n');
      if (lines.length === 2 && data.endsWith('\n')) socket.write(`${line}\n`);
      if (lines.length === 3 && data.endsWith('\n')) {
        clearTimeout(timer);
        socket.end();
        resolve({ greeting: lines[0]!, echo: lines[1]! });
      }
    });
    socket.on('error', (e) => (clearTimeout(timer), reject(e)));
    socket.on('close', () => (clearTimeout(timer), reject(new Error(`closed after ${JSON.stringify(data)}`))));
  });
}

describe('Gateway API TCPRoute (file source)', () => {
  it('proxies a TCP listener to the oldest route, weighted, server speaking first; a broken route closes only its own', async (t) => {
    const one = await startTcpEchoBackend('hello from one\n');
    const two = await startTcpEchoBackend('hello from two\n');
    const newer = await startTcpEchoBackend('hello from newer\n');
    t.after(() => Promise.all([one.close(), two.close(), newer.close()]));
    const [main, broken] = await freePorts(2);
    const stack = await startStack(t, {
      config: { plugins: ['source-file', 'sink-xds', 'api-gateway', 'tcp-proxy'] },
      files: {
        'svc.yaml': [serviceYaml('infra', 'one', 3000, one.port), serviceYaml('infra', 'two', 3000, two.port), serviceYaml('infra', 'newer', 3000, newer.port)].join('---\n'),
        'gw.yaml': gatewayYaml('infra', 'gw', [`{ name: tcp, port: ${main}, protocol: TCP }`, `{ name: broken, port: ${broken}, protocol: TCP }`]),
        'routes.yaml': [
          // Seen at the same time, the routes rank by name: 'a-older' is the older one.
          tcpRoute('b-newer', 'tcp', '[{ name: newer, port: 3000 }]'),
          tcpRoute('a-older', 'tcp', '[{ name: one, port: 3000 }, { name: two, port: 3000 }]'),
          tcpRoute('missing', 'broken', '[{ name: nowhere, port: 3000 }]'),
        ].join('---\n'),
      },
    });
    const first = await eventually(() => greetAndEcho(main!, 'ping'));
    assert.equal(first.echo, 'ping');
    const greetings = new Set<string>([first.greeting]);
    for (let i = 0; i < 30 && greetings.size < 2; i++) greetings.add((await greetAndEcho(main!, `ping ${i}`)).greeting);
    assert.deepEqual([...greetings].sort(), ['hello from one', 'hello from two'], 'both weighted backends of the older route answer; the newer route gets nothing');
    assert.equal(newer.connections, 0);
    await assert.rejects(greetAndEcho(broken!, 'ping'), /closed/, 'a route without a usable backend has its connections closed');

    const status = await stack.status();
    type Parents = { status?: { parents: Array<{ conditions: Array<{ type: string; status: string; reason: string }> }> } };
    const conditions = (name: string) => (status.objects.find((o) => o.ref.kind === 'TCPRoute' && o.ref.name === name) as Parents | undefined)?.status?.parents[0]?.conditions.map((c) => `${c.type}=${c.status}:${c.reason}`);
    assert.deepEqual(conditions('a-older'), ['Accepted=True:Accepted', 'ResolvedRefs=True:ResolvedRefs']);
    assert.deepEqual(conditions('b-newer'), ['Accepted=True:Accepted', 'ResolvedRefs=True:ResolvedRefs']);
    assert.deepEqual(conditions('missing'), ['Accepted=True:Accepted', 'ResolvedRefs=False:BackendNotFound']);
    const gw = status.objects.find((o) => o.ref.kind === 'Gateway') as { status?: { listeners: Array<{ name: string; attachedRoutes: number; supportedKinds: Array<{ kind: string }> }> } } | undefined;
    assert.deepEqual(gw?.status?.listeners.map((l) => [l.name, l.attachedRoutes, l.supportedKinds.map((k) => k.kind).join()]), [['tcp', 2, 'TCPRoute'], ['broken', 1, 'TCPRoute']]);
  });
});

/** IngressRoute `enableWebsockets` through a real Envoy: real WebSocket sessions where enabled, refusals elsewhere. */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { eventually } from './harness/eventually.js';
import { startStack, type IsobarStack } from './harness/isobar-stack.js';
import { serviceYaml } from './harness/k8s-yaml.js';
import { dialWebsocket, startWebsocketBackend, type WebsocketBackend, type WebsocketBackendReply } from './harness/websocket-backend.js';

const HOST = 'ws.example.com';

const ingressRoute = `apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata: { name: chat, namespace: default }
spec:
  virtualhost: { fqdn: ${HOST} }
  routes:
  - match: /chat
    enableWebsockets: true
    services: [{ name: chat, port: 80 }]
  - match: /
    services: [{ name: chat, port: 80 }]
`;

async function stackWith(t: TestContext, plugins: string[]): Promise<{ stack: IsobarStack; backend: WebsocketBackend }> {
  const backend = await startWebsocketBackend('chat');
  t.after(() => backend.close());
  const stack = await startStack(t, {
    files: { 'chat.yaml': ingressRoute, 'svc.yaml': serviceYaml('default', 'chat', 80, backend.port) },
    config: { plugins },
  });
  return { stack, backend };
}

/** Plain HTTP on `path` reaches the backend (which also tells us Envoy has the routes). */
async function plainGet(stack: IsobarStack, path: string): Promise<WebsocketBackendReply> {
  const r = await stack.get(path, { host: HOST });
  assert.equal(r.status, 200, `GET ${path}: ${r.status} ${r.body}`);
  return r.json<WebsocketBackendReply>();
}

describe('websocket', () => {
  it('carries a WebSocket session on the enabled route and refuses upgrades on the other', async (t) => {
    const { stack, backend } = await stackWith(t, ['source-file', 'sink-xds', 'websocket']);
    await eventually(() => plainGet(stack, '/chat/ready'));

    const dial = await dialWebsocket(stack.httpPort, HOST, '/chat/room?id=7');
    assert.ok('session' in dial, `upgrade on /chat refused with ${'refused' in dial ? dial.refused : '?'}`);
    const { session } = dial;
    t.after(() => session.close());
    for (const text of ['hello', 'second message', 'x'.repeat(10_000), 'bye']) {
      assert.equal(await session.exchange(text), `chat:${text}`);
    }
    await session.close();
    assert.deepEqual(backend.upgrades, ['/chat/room?id=7']);

    const refused = await dialWebsocket(stack.httpPort, HOST, '/other');
    assert.ok('refused' in refused, 'the route without enableWebsockets must not upgrade');
    assert.ok(refused.refused >= 400 && refused.refused < 500, `refused with ${refused.refused}`);
    assert.deepEqual(backend.upgrades, ['/chat/room?id=7'], 'the refused upgrade never reached the backend');
    assert.equal((await plainGet(stack, '/other')).path, '/other', 'plain HTTP on the route still works');
  });

  it('without the websocket plugin: a FeatureDisabled warning names enableWebsockets, and HTTP still works', async (t) => {
    const { stack, backend } = await stackWith(t, ['source-file', 'sink-xds']);
    assert.equal((await eventually(() => plainGet(stack, '/chat/x?y=1'))).path, '/chat/x?y=1');

    const status = await stack.status();
    const chat = status.objects.find((o) => o.ref.kind === 'IngressRoute' && o.ref.name === 'chat');
    assert.ok(chat, 'the IngressRoute has a status');
    assert.equal(chat.state, 'warning', JSON.stringify(chat));
    const warning = chat.conditions.find((c) => c.reason === 'FeatureDisabled');
    assert.ok(warning, JSON.stringify(chat.conditions));
    assert.equal(warning.field, 'spec.routes[0].enableWebsockets', JSON.stringify(chat.conditions));
    assert.match(warning.message, /enableWebsockets.*"websocket" plugin/);

    const refused = await dialWebsocket(stack.httpPort, HOST, '/chat/room');
    assert.ok('refused' in refused, 'with the feature off, the upgrade is not allowed');
    assert.deepEqual(backend.upgrades, []);
  });
});

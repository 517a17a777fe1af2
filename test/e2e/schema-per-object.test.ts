/**
 * Schema violations are per object, through a real Envoy: in a multi-document file, an IngressRoute whose
 * service port is out of range is `invalid` on /status (file, line, field) and not served, while its
 * sibling Ingress in the same file is served, on the first load and after edits; fixing it serves it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startEchoBackend, type EchoReply } from './harness/echo-backend.js';
import { eventually } from './harness/eventually.js';
import { startStack, type IsobarStack } from './harness/isobar-stack.js';
import { serviceYaml } from './harness/k8s-yaml.js';

const sibling = (path: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: sibling, namespace: team }
spec:
  rules:
  - host: sibling.example.com
    http:
      paths:
      - { path: ${path}, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }
`;
// The port is on line 19 of the file (the Ingress takes 9 lines, then `---`).
const route = (port: number, extra = '') => `apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata: { name: shop, namespace: team }
spec:
  virtualhost: { fqdn: shop.example.com }
  routes:
  - match: /
    services:
    - { name: web, port: ${port} }${extra}
`;
const file = (path: string, port: number, extra?: string) => `${sibling(path)}---\n${route(port, extra)}`;

interface ObjectView {
  ref: { kind: string; namespace: string; name: string };
  state: string;
  conditions: Array<{ reason: string; message: string; field?: string; line?: number; file?: string; severity?: string }>;
  status?: { currentStatus: string; description: string };
}

async function shop(stack: IsobarStack): Promise<ObjectView | undefined> {
  return ((await stack.status()).objects as ObjectView[]).find((o) => o.ref.kind === 'IngressRoute' && o.ref.name === 'shop');
}

describe('schema violations are per object', () => {
  it('serves the sibling of an object with a port out of range, shows that object invalid with its field, and serves it once fixed', async (t) => {
    const web = await startEchoBackend('web');
    t.after(() => web.close());
    const stack = await startStack(t, { files: { 'svc.yaml': serviceYaml('team', 'web', 80, web.port), 'apps.yaml': file('/one', 70000) } });
    const status = (host: string, path = '/') => stack.get(path, { host }).then((r) => r.status);

    // First load: the sibling is served, the broken IngressRoute is not, and says why.
    await eventually(async () => assert.equal(await status('sibling.example.com', '/one'), 200));
    const bad = await eventually(async () => {
      const o = await shop(stack);
      assert.equal(o?.state, 'invalid', JSON.stringify(o));
      return o!;
    });
    assert.deepEqual(
      bad.conditions.map((c) => [c.reason, c.field, c.line, c.file?.endsWith('apps.yaml')]),
      [['FieldInvalid', 'spec.routes[0].services[0].port', 19, true]],
    );
    assert.equal(bad.status?.currentStatus, 'invalid');
    assert.match(bad.status?.description ?? '', /spec\.routes\[0\]\.services\[0\]\.port: invalid value 70000: must be between 1 and 65535/);
    assert.equal(await status('shop.example.com'), 404, 'nothing of the invalid object is served');
    assert.deepEqual((await stack.status()).problems, [], 'the file itself is fine');

    // An edit that changes the sibling and breaks the route differently (an unknown field): the sibling's change is served.
    await stack.write('apps.yaml', file('/two', 70000, '\n    enableWebsocket: true'));
    await eventually(async () => assert.equal(await status('sibling.example.com', '/two'), 200));
    assert.equal(await status('sibling.example.com', '/one'), 404, 'the old sibling version is gone');
    const unknown = await eventually(async () => {
      const o = await shop(stack);
      assert.ok(o?.conditions.some((c) => c.reason === 'FieldUnknown'), JSON.stringify(o));
      return o!;
    });
    assert.equal(unknown.state, 'invalid');
    assert.ok(
      unknown.conditions.some((c) => c.field === 'spec.routes[0].enableWebsocket' && c.message === 'unknown field "spec.routes[0].enableWebsocket"; did you mean "spec.routes[0].enableWebsockets"?'),
      JSON.stringify(unknown.conditions),
    );

    // Fixed: the IngressRoute is served and valid, the sibling still is.
    await stack.write('apps.yaml', file('/two', 80));
    const reply = await eventually(async () => {
      const r = await stack.get('/', { host: 'shop.example.com' });
      assert.equal(r.status, 200);
      return r.json<EchoReply>();
    });
    assert.equal(reply.backend, 'web');
    assert.equal((await shop(stack))?.status?.currentStatus, 'valid');
    assert.equal(await status('sibling.example.com', '/two'), 200);
    assert.equal((await stack.status()).sinks['sink-xds']?.nacksTotal, 0, 'Envoy rejected nothing');
  });
});

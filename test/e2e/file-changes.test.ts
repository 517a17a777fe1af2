/**
 * The file source through a real Envoy: edits change routing without a restart, a file that does not parse
 * keeps its last good routing and is reported with file and line, an object that breaks its schema is
 * invalid and not served, a deleted file takes its routes away.
 */
import assert from 'node:assert/strict';
import { rename, writeFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { startEchoBackend, type EchoReply } from './harness/echo-backend.js';
import { eventually } from './harness/eventually.js';
import { startStack } from './harness/isobar-stack.js';
import { serviceYaml } from './harness/k8s-yaml.js';

const route = (path: string, service: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: app
  namespace: team
spec:
  rules:
  - http:
      paths:
      - path: ${path}
        pathType: Prefix
        backend:
          service: { name: ${service}, port: { number: 80 } }
`;

describe('file changes', () => {
  it('edit, break, fix, rename-over and delete, while Envoy keeps running', async (t) => {
    const blue = await startEchoBackend('blue');
    const green = await startEchoBackend('green');
    t.after(() => Promise.all([blue.close(), green.close()]));
    const stack = await startStack(t, {
      files: {
        'svc.yaml': [serviceYaml('team', 'blue', 80, blue.port), serviceYaml('team', 'green', 80, green.port)].join('---\n'),
        'app.yaml': route('/app', 'blue'),
        'other.yaml': route('/other', 'green').replace('name: app', 'name: other'),
      },
    });
    const backendOf = async (path: string) => {
      const r = await stack.get(path);
      return r.status === 200 ? r.json<EchoReply>().backend : `status ${r.status}`;
    };
    await eventually(async () => assert.equal(await backendOf('/app'), 'blue'));
    const envoyPid = stack.envoy.pid;

    await stack.write('app.yaml', route('/app', 'green'));
    await eventually(async () => assert.equal(await backendOf('/app'), 'green'));

    // Broken YAML: the old routing stays, the problem names the file and line.
    await stack.write('app.yaml', route('/app', 'blue').replace('pathType: Prefix', 'pathType: [Prefix'));
    const problem = await eventually(async () => {
      const p = (await stack.status()).problems.find((x) => x.file?.endsWith('app.yaml'));
      assert.ok(p, 'problem reported');
      return p;
    });
    assert.ok(problem.line && problem.line >= 10, `line ${problem.line}`);
    assert.equal(await backendOf('/app'), 'green', 'last good version still served');
    assert.equal(await backendOf('/other'), 'green', 'other files unaffected');

    // An invalid field: the object is invalid with the field, and nothing of it is served (as Contour and
    // the API server would refuse it); the file itself is fine, and other files are unaffected.
    await stack.write('app.yaml', route('/app', 'blue').replace('pathType: Prefix', 'pathType: Sideways'));
    await eventually(async () => {
      const o = (await stack.status()).objects.find((x) => x.ref.kind === 'Ingress' && x.ref.name === 'app');
      assert.equal(o?.state, 'invalid', JSON.stringify(o));
      assert.deepEqual(o.conditions.map((c) => [c.reason, c.field, c.line]), [['FieldNotSupported', 'spec.rules[0].http.paths[0].pathType', 11]]);
    });
    assert.deepEqual((await stack.status()).problems, []);
    await eventually(async () => assert.equal(await backendOf('/app'), 'status 404'));
    assert.equal(await backendOf('/other'), 'green');

    // Rename-over save (how many editors write): the fixed file replaces the broken one atomically.
    await writeFile(stack.dir.file('.app.yaml.tmp'), route('/app', 'blue'));
    await rename(stack.dir.file('.app.yaml.tmp'), stack.dir.file('app.yaml'));
    await eventually(async () => assert.equal(await backendOf('/app'), 'blue'));
    assert.deepEqual((await stack.status()).problems, [], 'problems cleared once the file is good');

    await stack.remove('app.yaml');
    await eventually(async () => assert.equal(await backendOf('/app'), 'status 404'));
    assert.equal(await backendOf('/other'), 'green');
    assert.equal(stack.envoy.pid, envoyPid, 'same Envoy process throughout');
    assert.ok(stack.envoy.isRunning);
    assert.equal((await stack.status()).sinks['sink-xds']?.nacksTotal, 0, 'Envoy rejected nothing');
  });
});

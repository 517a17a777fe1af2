/** Several Envoys on one isobar: each gets the whole config, and each follows changes on its own stream. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startEchoBackend } from './harness/echo-backend.js';
import { startEnvoy, type EnvoyProcess } from './harness/envoy-process.js';
import { eventually } from './harness/eventually.js';
import { startStack, xdsBootstrap } from './harness/isobar-stack.js';
import { serviceYaml } from './harness/k8s-yaml.js';

const ingress = (path: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: app, namespace: team }
spec:
  rules:
  - host: app.example.com
    http:
      paths:
      - { path: ${path}, pathType: Prefix, backend: { service: { name: app, port: { number: 80 } } } }
`;

async function routedPaths(envoy: EnvoyProcess): Promise<string[]> {
  const dump = await envoy.configDump('resource=dynamic_route_configs');
  const text = JSON.stringify(dump);
  return [...text.matchAll(/"path_separated_prefix":"([^"]+)"/g)].map((m) => m[1]!).sort();
}

describe('several Envoys', () => {
  it('serves three Envoys at once, and a change reaches all of them', async (t) => {
    const app = await startEchoBackend('app');
    t.after(() => app.close());
    const stack = await startStack(t, { files: { 'svc.yaml': serviceYaml('team', 'app', 80, app.port), 'app.yaml': ingress('/one') } });
    const others: EnvoyProcess[] = [];
    for (const id of ['second', 'third']) {
      const envoy = await startEnvoy({ bootstrap: xdsBootstrap(stack.xdsPort, id) }, t);
      others.push(envoy);
    }
    const all = [stack.envoy, ...others];
    for (const e of all) await eventually(async () => assert.deepEqual(await routedPaths(e), ['/one'], e.describe()));

    await stack.write('app.yaml', ingress('/two'));
    for (const e of all) await eventually(async () => assert.deepEqual(await routedPaths(e), ['/two'], e.describe()));

    const xds = (await stack.status()).sinks['sink-xds'] as { nodes?: Array<{ id: string }>; nacksTotal?: number };
    assert.deepEqual(xds.nodes?.map((n) => n.id).sort(), ['e2e', 'second', 'third']);
    assert.equal(xds.nacksTotal, 0);
  });
});

/**
 * If Envoy rejects something anyway, one object pays, not everyone. With isobar's own pre-publish checks
 * turned off (`engine.checkEmitted: false`), an Ingress whose path is not valid RE2 reaches a real Envoy,
 * which NACKs the route configuration. isobar charges the rejection to that object (RejectedByEnvoy with
 * Envoy's message), publishes the rest, keeps serving later changes, never sends the object to a new
 * Envoy, and lets it back in once it changes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startEchoBackend } from './harness/echo-backend.js';
import { servedBy } from './harness/served-by.js';
import { startEnvoy, type EnvoyProcess } from './harness/envoy-process.js';
import { eventually } from './harness/eventually.js';
import { startStack, xdsBootstrap, type IsobarStack } from './harness/isobar-stack.js';
import { serviceYaml } from './harness/k8s-yaml.js';

const ingress = (name: string, host: string, path: string, pathType = 'Prefix', annotations = '') => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: team
${annotations ? `  annotations: { ${annotations} }\n` : ''}spec:
  rules:
  - host: ${host}
    http:
      paths:
      - { path: "${path}", pathType: ${pathType}, backend: { service: { name: web, port: { number: 80 } } } }
`;
const badRegex = (path: string) => ingress('bad', 'bad.example.com', path, 'ImplementationSpecific', '"nginx.ingress.kubernetes.io/rewrite-target": "/$1"');

async function served(stack: IsobarStack, host: string, path: string): Promise<void> {
  assert.equal(await servedBy(stack, host, path), 'web');
}

async function objectState(stack: IsobarStack, name: string) {
  return (await stack.status()).objects.find((o) => o.ref.kind === 'Ingress' && o.ref.name === name);
}

async function rejectedUpdates(envoy: EnvoyProcess): Promise<number> {
  const body = (await envoy.admin('/stats?filter=update_rejected')).body;
  return [...body.matchAll(/update_rejected: (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
}

describe('a rejection by Envoy is charged to one object', () => {
  it('quarantines the object Envoy refused, keeps serving and changing the rest, and releases it once fixed', async (t) => {
    const web = await startEchoBackend('web');
    t.after(() => web.close());
    const stack = await startStack(t, {
      files: { 'web.yaml': serviceYaml('team', 'web', 80, web.port), 'good.yaml': ingress('good', 'good.example.com', '/login') },
      config: { 'engine.checkEmitted': false },
    });
    await eventually(() => served(stack, 'good.example.com', '/login'));

    // Steady traffic on the good route from here on: not one request may fail.
    let stop = false;
    const failures: string[] = [];
    let sent = 0;
    const load = (async () => {
      while (!stop) {
        sent++;
        await served(stack, 'good.example.com', '/login').catch((e: Error) => failures.push(e.message));
      }
    })();

    await stack.write('bad.yaml', badRegex('/x('));
    const bad = await eventually(async () => {
      const s = await objectState(stack, 'bad');
      assert.equal(s?.state, 'invalid', JSON.stringify(s));
      return s!;
    });
    const condition = bad.conditions.find((c) => c.reason === 'RejectedByEnvoy');
    assert.ok(condition, JSON.stringify(bad.conditions));
    assert.match(condition.message, /regex|RE2|missing \)/i, 'Envoy\'s own words are on the object');
    const nacks = (await stack.status()).sinks['sink-xds']?.nacksTotal ?? 0;
    assert.ok(nacks >= 1, 'Envoy did reject the config once');

    // Not frozen: a later change by someone else is served.
    await stack.write('later.yaml', ingress('later', 'later.example.com', '/new'));
    await eventually(() => served(stack, 'later.example.com', '/new'));
    assert.equal((await stack.status()).sinks['sink-xds']?.nacksTotal, nacks, 'the quarantined object was not sent again');

    // A new Envoy gets the config without the rejected object: it accepts everything it is sent.
    await stack.envoy.stop();
    const second = await startEnvoy({ bootstrap: xdsBootstrap(stack.xdsPort, 'e2e-restarted') }, t);
    await eventually(() => served(stack, 'later.example.com', '/new'));
    assert.equal(await rejectedUpdates(second), 0, 'the restarted Envoy rejected nothing');
    stop = true;
    await load;

    // Fixed, it is let back in (the quarantine lasts while the object stays as it was).
    await stack.write('bad.yaml', badRegex('/x(.*)'));
    await eventually(async () => assert.equal((await objectState(stack, 'bad'))?.state, 'valid'));
    await eventually(() => served(stack, 'bad.example.com', '/xy'));
    assert.ok(sent > 0);
    assert.deepEqual(failures.filter((f) => !/ECONNREFUSED|socket hang up|ECONNRESET/.test(f)), [], 'the good route never failed while its Envoy ran');
  });

  it('finds the one refused object among several that arrive together', async (t) => {
    const web = await startEchoBackend('web');
    t.after(() => web.close());
    const files: Record<string, string> = { 'web.yaml': serviceYaml('team', 'web', 80, web.port), 'bad.yaml': badRegex('/(?=a)') };
    for (let i = 0; i < 6; i++) files[`good-${i}.yaml`] = ingress(`good-${i}`, `good-${i}.example.com`, '/login');
    const stack = await startStack(t, { files, config: { 'engine.checkEmitted': false } });
    for (let i = 0; i < 6; i++) await eventually(() => served(stack, `good-${i}.example.com`, '/login'), { timeoutMs: 15000 });
    const bad = await eventually(async () => {
      const s = await objectState(stack, 'bad');
      assert.ok(s?.conditions.some((c) => c.reason === 'RejectedByEnvoy'), JSON.stringify(s));
      return s!;
    });
    assert.equal(bad.state, 'invalid');
    const states = await Promise.all(Array.from({ length: 6 }, (_, i) => objectState(stack, `good-${i}`)));
    assert.deepEqual(states.map((s) => s?.state), Array(6).fill('valid'), 'no good object stays held back');
  });
});

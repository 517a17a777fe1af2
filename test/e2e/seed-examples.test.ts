/**
 * The seed articles' Ingress YAML, verbatim (examples/k8s), routed through a real Envoy to real
 * backends standing in for the articles' services.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startEchoBackend, type EchoReply } from './harness/echo-backend.js';
import { eventually } from './harness/eventually.js';
import { startStack } from './harness/isobar-stack.js';
import { exampleFile, serviceYaml } from './harness/k8s-yaml.js';

describe('seed articles', () => {
  it('000: rewrite-target /token, the two-path terminal Ingress, and 001: the basic host Ingress', async (t) => {
    const fist = await startEchoBackend('fist');
    const terminal = await startEchoBackend('fist-terminal');
    const s1 = await startEchoBackend('s1');
    t.after(() => Promise.all([fist.close(), terminal.close(), s1.close()]));
    const stack = await startStack(t, {
      files: {
        'sealyun/fist-ingress.yaml': exampleFile('k8s/sealyun/fist-ingress.yaml'),
        'sealyun/terminal-ingress.yaml': exampleFile('k8s/sealyun/terminal-ingress.yaml'),
        'default/basic-ingress.yaml': exampleFile('k8s/default/basic-ingress.yaml'),
        'services.yaml': [serviceYaml('sealyun', 'fist', 8080, fist.port), serviceYaml('sealyun', 'fist-terminal', 8080, terminal.port), serviceYaml('default', 's1', 80, s1.port)].join('---\n'),
      },
    });

    // The article's curl: query string intact, path rewritten to the target (/token → /token).
    const token = await eventually(async () => {
      const r = await stack.get('/token?user=fanux&group=sealyun');
      assert.equal(r.status, 200, r.body);
      return r.json<EchoReply>();
    });
    assert.equal(token.backend, 'fist');
    assert.equal(token.path, '/token?user=fanux&group=sealyun');

    for (const path of ['/terminal', '/heartbeat', '/terminal/session/1']) {
      const r = await stack.get(path);
      assert.equal(r.status, 200, `${path}: ${r.body}`);
      assert.deepEqual([r.json<EchoReply>().backend, r.json<EchoReply>().path], ['fist-terminal', path]);
    }

    const basic = await stack.get('/anything', { host: 'foo-basic.bar.com' });
    assert.equal(basic.json<EchoReply>().backend, 's1');
    assert.equal((await stack.get('/nothing-here')).status, 404, 'no rule matches: 404 from Envoy');

    const status = await stack.status();
    const states = Object.fromEntries(status.objects.filter((o) => o.ref.kind === 'Ingress').map((o) => [o.ref.name, o.state]));
    assert.deepEqual(states, { basic: 'valid', 'fist-ingress': 'valid', 'terminal-ingress': 'valid' });
  });
});

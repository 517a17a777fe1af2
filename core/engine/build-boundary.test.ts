import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildWithFeatures, ingressRoute } from '../../test/fixtures/feature-build.js';
import { endpoints, ingressV1, service } from '../../test/fixtures/objects.js';
import { LoadBalancingFeature } from '../../plugins/load-balancing/load-balancing-feature.js';
import { TimeoutRetryFeature } from '../../plugins/timeout-retry/timeout-retry-feature.js';
import type { K8sObject } from '../model/k8s-object.js';
import { TypeUrl } from '../snapshot/snapshot.js';
import { validateMessage } from '../validate/message-validator.js';

const backend = { service: { name: 'web', port: { number: 80 } } };
const base: K8sObject[] = [service('team', 'web', [{ port: 80 }]), endpoints('team', 'web', '10.0.0.1', [{ port: 8080 }])];
const good = ingressV1('team', 'good', { rules: [{ host: 'good.example.com', http: { paths: [{ path: '/login', pathType: 'Prefix', backend }] } }] });
const goodRoute = ingressRoute('team', 'good-ir', { virtualhost: { fqdn: 'good-ir.example.com' }, routes: [{ match: '/', services: [{ name: 'web', port: 80 }] }] });
const features = [new LoadBalancingFeature(), new TimeoutRetryFeature()];
const ing = (spec: unknown, annotations?: Record<string, string>) => ingressV1('team', 'bad', spec, annotations);
const rewrite = (path: string, target: string) => ing({ rules: [{ http: { paths: [{ path, pathType: 'ImplementationSpecific', backend }] } }] }, { 'nginx.ingress.kubernetes.io/rewrite-target': target });

/**
 * Each case is one object that used to fail every build or make Envoy refuse the route configuration.
 * Now it is `invalid` with a condition, and the good objects beside it are served.
 */
const cases: Array<{ name: string; bad: K8sObject; reason: RegExp; message?: RegExp; field?: string }> = [
  { name: 'spec.rules: [null]', bad: ing({ rules: [null] }), reason: /ProcessingFailed/, field: 'spec.rules[0]' },
  { name: 'http.paths: [null]', bad: ing({ rules: [{ http: { paths: [null] } }] }), reason: /ProcessingFailed/, field: 'spec.rules[0].http.paths[0]' },
  { name: 'spec.tls: [null]', bad: ing({ tls: [null], rules: [{ http: { paths: [{ path: '/x', pathType: 'Prefix', backend }] } }] }), reason: /TLSEntryInvalid/, field: 'spec.tls[0]' },
  { name: 'IngressRoute routes: [null]', bad: ingressRoute('team', 'bad', { virtualhost: { fqdn: 'bad.example.com' }, routes: [null] }), reason: /ProcessingFailed/ },
  {
    name: 'retryPolicy.count over uint32',
    bad: ingressRoute('team', 'bad', { virtualhost: { fqdn: 'bad.example.com' }, routes: [{ match: '/', retryPolicy: { count: 8589934592 }, services: [{ name: 'web', port: 80 }] }] }),
    reason: /ProcessingFailed|EnvoyWouldReject/,
    message: /uint32|8589934592/,
  },
  { name: 'rewrite capture with an unbalanced path regex', bad: rewrite('/x(', '/$1'), reason: /EnvoyWouldReject/, message: /invalid RE2 regex/ },
  { name: 'rewrite capture with a lookahead', bad: rewrite('/(?=a)', '/$1'), reason: /EnvoyWouldReject/, message: /invalid RE2 regex/ },
  { name: 'rewrite capture with a backreference', bad: rewrite('/(a)\\1', '/$1'), reason: /EnvoyWouldReject/, message: /invalid RE2 regex/ },
  { name: 'rewrite capture with {2000}', bad: rewrite('/a{2000}', '/$1'), reason: /EnvoyWouldReject/, message: /invalid repeat count/ },
  { name: 'rewrite capture naming a group the path lacks', bad: rewrite('/x', '/$3'), reason: /EnvoyWouldReject/, message: /group \\3/ },
  { name: 'rewrite-target with CR/LF', field: 'spec.rules[0].http.paths[0]', bad: ing({ rules: [{ http: { paths: [{ path: '/r', pathType: 'Prefix', backend }] } }] }, { 'nginx.ingress.kubernetes.io/rewrite-target': '/a\r\nX-Evil: 1' }), reason: /EnvoyWouldReject/, message: /header value/ },
  {
    name: 'IngressRoute weights summing over uint32',
    bad: ingressRoute('team', 'bad', { virtualhost: { fqdn: 'bad.example.com' }, routes: [{ match: '/', services: [{ name: 'web', port: 80, weight: 4294967295 }, { name: 'web', port: 80, weight: 4294967295, strategy: 'Random' }] }] }),
    reason: /EnvoyWouldReject|FieldInvalid/,
  },
];

describe('build: one object never fails the build or the route configuration', () => {
  for (const c of cases) {
    it(c.name, () => {
      const b = buildWithFeatures([...base, good, goodRoute, c.bad], features);
      const status = b.result.statuses.find((s) => s.ref.kind === c.bad.kind && s.ref.name === 'bad');
      assert.ok(status, 'the bad object is on the status');
      const hit = status.conditions.find((x) => c.reason.test(x.reason));
      assert.ok(hit, JSON.stringify(status.conditions));
      if (c.message) assert.match(hit.message, c.message);
      if (c.field) assert.equal(hit.field, c.field);
      if (hit.severity === 'error') assert.equal(status.state, 'invalid');
      assert.ok(b.routes('good.example.com').some((r) => r.match?.pathSeparatedPrefix === '/login'), 'the good Ingress is served');
      assert.equal(b.routes('good-ir.example.com').length, 1, 'the good IngressRoute is served');
      for (const item of b.result.snapshot.resources.get(TypeUrl.RouteConfiguration)!.items.values()) {
        assert.deepEqual(validateMessage('envoy.config.route.v3.RouteConfiguration', item.resource.value), [], 'what is published passes Envoy\'s rules');
      }
    });
  }

  it('a long legal wildcard host gets a small :authority regex that RE2 accepts', () => {
    const host = `*.${Array.from({ length: 4 }, (_, i) => `${String.fromCharCode(97 + i)}`.repeat(60)).join('.')}`;
    const b = buildWithFeatures([...base, ingressV1('team', 'wild', { rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } }] })], features);
    assert.equal(b.result.statuses.find((s) => s.ref.name === 'wild')?.state, 'valid');
    const regex = b.routes(host)[0]?.match?.headers[0]?.stringMatch?.safeRegex?.regex ?? '';
    assert.ok(regex.length < 40, regex);
  });

  for (const [name, port, reason] of [['a port Envoy refuses (70000)', 70000, 'EnvoyWouldReject'], ['a port no uint32 holds', 8589934592, 'ProcessingFailed']] as const) {
    it(`endpoints with ${name} are charged to the endpoints, not to the routes beside them`, () => {
      const other = [service('team', 'api', [{ port: 80 }]), endpoints('team', 'api', '10.0.0.2', [{ port: port }])];
      const apiIngress = ingressV1('team', 'api', { rules: [{ host: 'api.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] } }] });
      const b = buildWithFeatures([...base, good, ...other, apiIngress], features);
      const eps = b.result.statuses.find((s) => s.ref.kind === 'Endpoints' && s.ref.name === 'api');
      assert.equal(eps?.state, 'invalid', JSON.stringify(b.result.statuses));
      assert.equal(eps?.conditions[0]?.reason, reason);
      assert.ok(b.routes('good.example.com').some((r) => r.match?.pathSeparatedPrefix === '/login'), 'the good Ingress is served');
    });
  }

  it('a malformed EndpointSlice (endpoints: [null]) is charged to the slice', () => {
    const slice: K8sObject = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'api-1', namespace: 'team', labels: { 'kubernetes.io/service-name': 'api' } }, addressType: 'IPv4', ports: [{ port: 8080 }], endpoints: [null] };
    const apiIngress = ingressV1('team', 'api', { rules: [{ host: 'api.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 80 } } } }] } }] });
    const b = buildWithFeatures([...base, good, service('team', 'api', [{ port: 80 }]), slice, apiIngress], features);
    const st = b.result.statuses.find((s) => s.ref.kind === 'EndpointSlice');
    // Either resolution skips the malformed entry, or the slice is withheld: never a failed build.
    assert.ok(!st || st.state === 'invalid', JSON.stringify(st));
    assert.ok(b.routes('good.example.com').some((r) => r.match?.pathSeparatedPrefix === '/login'), 'the good Ingress is served');
  });

  it('the quarantine lifts when the object changes', () => {
    const bad = rewrite('/x(', '/$1');
    const first = buildWithFeatures([...base, good, bad], features);
    assert.equal(first.result.statuses.find((s) => s.ref.name === 'bad')?.state, 'invalid');
    const fixed = rewrite('/x(.*)', '/$1');
    const second = buildWithFeatures([...base, good, fixed], features);
    assert.equal(second.result.statuses.find((s) => s.ref.name === 'bad')?.state, 'valid');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closestName, editDistance } from './closest-name.js';
import { validateObject } from './object-validator.js';
import { defaultKinds } from '../../test/fixtures/routing-processors.js';

const KINDS = defaultKinds();

const meta = { name: 'x', namespace: 'team' };
const ingress = (spec: Record<string, unknown>, apiVersion = 'networking.k8s.io/v1') => ({ apiVersion, kind: 'Ingress', metadata: meta, spec });
const path = (fields: Record<string, unknown> = {}) => ({ path: '/', pathType: 'Prefix', backend: { service: { name: 's', port: { number: 80 } } }, ...fields });
const rules = (p: unknown) => [{ host: 'a.example.com', http: { paths: [p] } }];
const service = (extra: Record<string, unknown>, port: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Service', metadata: meta, spec: { ports: [{ port: 80, ...port }], ...extra } });
const ir = (route: Record<string, unknown>) => ({ apiVersion: 'contour.heptio.com/v1beta1', kind: 'IngressRoute', metadata: meta, spec: { routes: [{ match: '/', ...route }] } });
const P0 = 'spec.rules[0].http.paths[0]';

/** [case, object, field reported unknown, the whole message] */
const unknown: Array<[string, unknown, string, string]> = [
  ['spec.rulez in an Ingress', ingress({ rulez: [] }), 'spec.rulez', 'unknown field "spec.rulez"; did you mean "spec.rules"?'],
  ['pathTyp under paths', ingress({ rules: rules({ path: '/', pathTyp: 'Prefix', backend: { service: { name: 's', port: { number: 80 } } } }) }), `${P0}.pathTyp`, `unknown field "${P0}.pathTyp"; did you mean "${P0}.pathType"?`],
  ['a v1beta1 Ingress rule field', ingress({ rules: [{ hots: 'a', http: { paths: [{ path: '/', backend: { serviceName: 's', servicePort: 80 } }] } }] }, 'extensions/v1beta1'), 'spec.rules[0].hots', 'unknown field "spec.rules[0].hots"; did you mean "spec.rules[0].host"?'],
  ['a port field of a v1 backend', ingress({ rules: rules(path({ backend: { service: { name: 's', port: { numbr: 80 } } } })) }), `${P0}.backend.service.port.numbr`, `unknown field "${P0}.backend.service.port.numbr"; did you mean "${P0}.backend.service.port.number"?`],
  ['Ingress tls secret', ingress({ rules: rules(path()), tls: [{ hosts: ['a.example.com'], secretNam: 'c' }] }), 'spec.tls[0].secretNam', 'unknown field "spec.tls[0].secretNam"; did you mean "spec.tls[0].secretName"?'],
  ['a top-level field', { ...ingress({ rules: rules(path()) }), sepc: {} }, 'sepc', 'unknown field "sepc"; did you mean "spec"?'],
  ['metadata.lables', { ...ingress({ rules: rules(path()) }), metadata: { ...meta, lables: { a: 'b' } } }, 'metadata.lables', 'unknown field "metadata.lables"; did you mean "metadata.labels"?'],
  ['a Service spec field', service({ selectr: { app: 'a' } }), 'spec.selectr', 'unknown field "spec.selectr"; did you mean "spec.selector"?'],
  ['a Service port field', service({}, { targetport: 8080 }), 'spec.ports[0].targetport', 'unknown field "spec.ports[0].targetport"; did you mean "spec.ports[0].targetPort"?'],
  ['a Secret field', { apiVersion: 'v1', kind: 'Secret', metadata: meta, stringdata: { a: 'b' } }, 'stringdata', 'unknown field "stringdata"; did you mean "stringData"?'],
  ['an Endpoints address field', { apiVersion: 'v1', kind: 'Endpoints', metadata: meta, subsets: [{ addresses: [{ ip: '10.0.0.1', hostnam: 'a' }], ports: [{ port: 80 }] }] }, 'subsets[0].addresses[0].hostnam', 'unknown field "subsets[0].addresses[0].hostnam"; did you mean "subsets[0].addresses[0].hostname"?'],
  ['an EndpointSlice endpoint field', { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: meta, addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'], conditons: {} }] }, 'endpoints[0].conditons', 'unknown field "endpoints[0].conditons"; did you mean "endpoints[0].conditions"?'],
  ['an IngressClass field', { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'c' }, spec: { controller: 'example.com/c', paramters: {} } }, 'spec.paramters', 'unknown field "spec.paramters"; did you mean "spec.parameters"?'],
  ['an IngressRoute route field (swapped letters)', ir({ perimtInsecure: true }), 'spec.routes[0].perimtInsecure', 'unknown field "spec.routes[0].perimtInsecure"; did you mean "spec.routes[0].permitInsecure"?'],
  ['nothing close: the known fields are listed', ingress({ rules: rules(path()), annotations: {} }), 'spec.annotations', 'unknown field "spec.annotations"; spec has defaultBackend, ingressClassName, rules, tls'],
  ['a key that is no identifier', ingress({ rules: rules(path()), 'a.b/c': 1 }), 'spec[a.b/c]', 'unknown field "spec[a.b/c]"; spec has defaultBackend, ingressClassName, rules, tls'],
];

describe('unknown fields', () => {
  for (const [name, value, field, message] of unknown) {
    it(`refuses ${name}`, () => {
      const verdict = validateObject(value, KINDS);
      assert.equal(verdict.status, 'invalid', JSON.stringify(verdict));
      if (verdict.status !== 'invalid') return;
      // A typo can also leave a required field missing (spec.rules, pathType); that is reported too.
      assert.deepEqual(verdict.issues.filter((i) => i.reason === 'FieldUnknown'), [{ field, reason: 'FieldUnknown', message }]);
    });
  }

  const known: Array<[string, unknown]> = [
    ['kubectl get -o yaml metadata and status', {
      ...service({ selector: { app: 'a' }, clusterIP: '10.0.0.2', clusterIPs: ['10.0.0.2'], sessionAffinity: 'None', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster' }, { name: 'http', protocol: 'TCP', targetPort: 8080 }),
      metadata: {
        ...meta,
        uid: 'u',
        resourceVersion: '1',
        generation: 1,
        creationTimestamp: '2024-01-01T00:00:00Z',
        deletionTimestamp: '2024-01-02T00:00:00Z',
        deletionGracePeriodSeconds: 30,
        managedFields: [{ manager: 'kubectl' }],
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'y', uid: 'u2' }],
        finalizers: ['f'],
        labels: { a: 'b' },
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
        selfLink: '/api/v1/x',
      },
      status: { loadBalancer: {} },
    }],
    ['free-form maps are not walked', { apiVersion: 'v1', kind: 'Secret', metadata: meta, data: { anything: 'YQ==' }, stringData: { 'any.key': 'v' } }],
    ['a v1beta1 backend', ingress({ backend: { serviceName: 's', servicePort: 80 } }, 'networking.k8s.io/v1beta1')],
    ['an EndpointSlice from a cluster', { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: meta, addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'n', zone: 'z', targetRef: { kind: 'Pod', name: 'p' }, hints: { forZones: [] } }], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }],
  ];
  for (const [name, value] of known) {
    it(`accepts ${name}`, () => assert.deepEqual(validateObject(value, KINDS).status, 'valid', JSON.stringify(validateObject(value, KINDS))));
  }

  it('reports a version-specific field once, with the validator\'s hint', () => {
    const verdict = validateObject(ingress({ backend: { serviceName: 's', servicePort: 80 } }), KINDS);
    assert.equal(verdict.status, 'invalid');
    if (verdict.status !== 'invalid') return;
    assert.deepEqual(verdict.issues.map((i) => [i.field, i.reason]), [['spec.backend', 'FieldUnknown'], ['spec', 'FieldRequired']]);
    assert.match(verdict.issues[0]!.message, /calls the default backend spec.defaultBackend/);
  });
});

describe('closestName', () => {
  const cases: Array<[string, string[], string | undefined]> = [
    ['rulez', ['ingressClassName', 'defaultBackend', 'rules', 'tls'], 'rules'],
    ['PathType', ['path', 'pathType', 'backend'], 'pathType'],
    ['wieght', ['name', 'port', 'weight'], 'weight'],
    ['interval', ['path', 'intervalSeconds'], undefined],
    ['x', ['y', 'z'], 'y'],
    ['annotations', ['rules', 'tls'], undefined],
  ];
  for (const [word, candidates, want] of cases) it(`${word} → ${want}`, () => assert.equal(closestName(word, candidates), want));

  it('does not compare a huge key with short names', () => {
    const t0 = performance.now();
    assert.equal(closestName('x'.repeat(200_000), ['rules', 'tls', 'defaultBackend']), undefined);
    assert.ok(performance.now() - t0 < 50, 'no quadratic work on a 200 kB key');
  });

  it('counts a swap of neighbours as one edit', () => {
    assert.deepEqual([editDistance('ab', 'ba'), editDistance('kitten', 'sitting'), editDistance('', 'abc'), editDistance('same', 'same')], [1, 3, 3, 0]);
  });
});

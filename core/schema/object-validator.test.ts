import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateObject } from './object-validator.js';
import { defaultKinds } from '../../test/fixtures/routing-processors.js';

const KINDS = defaultKinds();

type Expect = 'valid' | 'ignored' | { field: string; reason: string; message?: RegExp };

const meta = (name = 'web', extra: Record<string, unknown> = {}) => ({ name, ...extra });
const v1Ingress = (paths: unknown[], spec: Record<string, unknown> = {}) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: meta(),
  spec: { rules: [{ host: 'a.example.com', http: { paths } }], ...spec },
});
const v1Path = (backend: unknown, path: unknown = '/', pathType: unknown = 'Prefix') => ({ path, pathType, backend });
const svc = (port: unknown, name: unknown = 's1') => ({ service: { name, port } });
const betaIngress = (apiVersion: string, backend: unknown, path: unknown = '/x') => ({
  apiVersion,
  kind: 'Ingress',
  metadata: meta(),
  spec: { rules: [{ http: { paths: [{ path, backend }] } }] },
});
const service = (spec: unknown) => ({ apiVersion: 'v1', kind: 'Service', metadata: meta('s1'), spec });
const secret = (fields: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Secret', metadata: meta('tls'), type: 'kubernetes.io/tls', ...fields });
const B64 = Buffer.from('pem').toString('base64');
const P0 = 'spec.rules[0].http.paths[0]';

const cases: Array<[string, unknown, Expect]> = [
  // documents and kinds
  ['a scalar document', 'hello', { field: '', reason: 'FieldType' }],
  ['missing kind', { apiVersion: 'v1', metadata: meta() }, { field: 'kind', reason: 'FieldRequired' }],
  ['missing apiVersion', { kind: 'Service', metadata: meta() }, { field: 'apiVersion', reason: 'FieldRequired' }],
  ['unknown kind', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta() }, 'ignored'],
  ['a known kind name in another API group', { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: meta() }, 'ignored'],
  ['known group, unknown version', { apiVersion: 'networking.k8s.io/v2', kind: 'Ingress', metadata: meta(), spec: {} }, { field: 'apiVersion', reason: 'FieldNotSupported' }],
  // metadata
  ['missing metadata', { apiVersion: 'v1', kind: 'Secret' }, { field: 'metadata', reason: 'FieldRequired' }],
  ['missing name', { apiVersion: 'v1', kind: 'Secret', metadata: {} }, { field: 'metadata.name', reason: 'FieldRequired' }],
  ['generateName', { apiVersion: 'v1', kind: 'Secret', metadata: { generateName: 'x-' } }, { field: 'metadata.name', reason: 'FieldRequired', message: /generateName/ }],
  ['uppercase name', { apiVersion: 'v1', kind: 'Secret', metadata: meta('Web') }, { field: 'metadata.name', reason: 'FieldInvalid' }],
  ['Service name with a dot (RFC 1035 label)', { ...service({ ports: [{ port: 80 }] }), metadata: meta('a.b') }, { field: 'metadata.name', reason: 'FieldInvalid' }],
  ['invalid namespace', { apiVersion: 'v1', kind: 'Secret', metadata: meta('x', { namespace: 'Team_A' }) }, { field: 'metadata.namespace', reason: 'FieldInvalid' }],
  ['boolean annotation value', { ...v1Ingress([v1Path(svc({ number: 80 }))]), metadata: meta('web', { annotations: { 'example.com/on': true } }) }, { field: 'metadata.annotations[example.com/on]', reason: 'FieldType', message: /quote it/ }],
  ['invalid label key', { apiVersion: 'v1', kind: 'Secret', metadata: meta('x', { labels: { 'a b': 'c' } }) }, { field: 'metadata.labels[a b]', reason: 'FieldInvalid' }],
  // Ingress v1
  ['valid v1 Ingress', v1Ingress([v1Path(svc({ number: 80 })), v1Path(svc({ name: 'http' }), '/api', 'Exact')]), 'valid'],
  ['v1 Ingress with only a default backend', { ...v1Ingress([]), spec: { defaultBackend: svc({ number: 80 }) } }, 'valid'],
  ['v1 Ingress with neither rules nor default backend', { ...v1Ingress([]), spec: {} }, { field: 'spec', reason: 'FieldRequired' }],
  ['rules not a list', v1Ingress([], { rules: { host: 'a' } }), { field: 'spec.rules', reason: 'FieldType' }],
  ['relative path', v1Ingress([v1Path(svc({ number: 80 }), 'api')]), { field: `${P0}.path`, reason: 'FieldInvalid', message: /start with '\/'/ }],
  ['path with //', v1Ingress([v1Path(svc({ number: 80 }), '/a//b')]), { field: `${P0}.path`, reason: 'FieldInvalid' }],
  ['missing pathType', v1Ingress([{ path: '/', backend: svc({ number: 80 }) }]), { field: `${P0}.pathType`, reason: 'FieldRequired' }],
  ['unknown pathType', v1Ingress([v1Path(svc({ number: 80 }), '/', 'Regex')]), { field: `${P0}.pathType`, reason: 'FieldNotSupported' }],
  ['missing backend', v1Ingress([{ path: '/', pathType: 'Prefix' }]), { field: `${P0}.backend`, reason: 'FieldRequired' }],
  ['backend without service name', v1Ingress([v1Path({ service: { port: { number: 80 } } })]), { field: `${P0}.backend.service.name`, reason: 'FieldRequired' }],
  ['backend port out of range', v1Ingress([v1Path(svc({ number: 0 }))]), { field: `${P0}.backend.service.port.number`, reason: 'FieldInvalid' }],
  ['backend port as a bare number', v1Ingress([v1Path(svc(80))]), { field: `${P0}.backend.service.port`, reason: 'FieldType', message: /number: 80/ }],
  ['backend port missing', v1Ingress([v1Path({ service: { name: 's1' } })]), { field: `${P0}.backend.service.port`, reason: 'FieldRequired' }],
  ['backend port with number and name', v1Ingress([v1Path(svc({ number: 80, name: 'http' }))]), { field: `${P0}.backend.service.port`, reason: 'FieldInvalid' }],
  ['backend port name too long', v1Ingress([v1Path(svc({ name: 'a-very-long-port-name' }))]), { field: `${P0}.backend.service.port.name`, reason: 'FieldInvalid' }],
  ['v1beta1 fields in a v1 backend', v1Ingress([v1Path({ serviceName: 's1', servicePort: 80 })]), { field: `${P0}.backend.serviceName`, reason: 'FieldUnknown' }],
  ['wildcard host', v1Ingress([v1Path(svc({ number: 80 }))], { rules: [{ host: '*.example.com', http: { paths: [v1Path(svc({ number: 80 }))] } }] }), 'valid'],
  ['IP host', v1Ingress([], { rules: [{ host: '10.0.0.1' }] }), { field: 'spec.rules[0].host', reason: 'FieldInvalid' }],
  ['tls hosts not strings', v1Ingress([v1Path(svc({ number: 80 }))], { tls: [{ hosts: [1], secretName: 'tls' }] }), { field: 'spec.tls[0].hosts[0]', reason: 'FieldType' }],
  // Ingress v1beta1
  ['extensions/v1beta1 Ingress', betaIngress('extensions/v1beta1', { serviceName: 'fist', servicePort: 8080 }), 'valid'],
  ['networking.k8s.io/v1beta1 Ingress, named port, no path', betaIngress('networking.k8s.io/v1beta1', { serviceName: 'fist', servicePort: 'http' }, undefined), 'valid'],
  ['v1beta1 spec.backend only', { ...betaIngress('extensions/v1beta1', {}), spec: { backend: { serviceName: 's', servicePort: 80 } } }, 'valid'],
  ['v1beta1 backend without servicePort', betaIngress('extensions/v1beta1', { serviceName: 'fist' }), { field: `${P0}.backend.servicePort`, reason: 'FieldRequired' }],
  ['v1beta1 servicePort out of range', betaIngress('extensions/v1beta1', { serviceName: 'fist', servicePort: 70000 }), { field: `${P0}.backend.servicePort`, reason: 'FieldInvalid' }],
  ['v1 fields in a v1beta1 backend', betaIngress('extensions/v1beta1', svc({ number: 80 })), { field: `${P0}.backend.service`, reason: 'FieldUnknown' }],
  ['v1beta1 relative path', betaIngress('extensions/v1beta1', { serviceName: 's', servicePort: 80 }, 'x'), { field: `${P0}.path`, reason: 'FieldInvalid' }],
  // Service
  ['valid Service', service({ ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'https', port: 443, targetPort: 'https' }] }), 'valid'],
  ['Service port out of range', service({ ports: [{ port: 65536 }] }), { field: 'spec.ports[0].port', reason: 'FieldInvalid' }],
  ['Service port as a string', service({ ports: [{ port: 'http' }] }), { field: 'spec.ports[0].port', reason: 'FieldType' }],
  ['Service without ports', service({}), { field: 'spec.ports', reason: 'FieldRequired' }],
  ['headless Service without ports', service({ clusterIP: 'None' }), 'valid'],
  ['ExternalName Service', service({ type: 'ExternalName', externalName: 'db.example.com' }), 'valid'],
  ['unnamed ports when there are two', service({ ports: [{ port: 80 }, { name: 'b', port: 81 }] }), { field: 'spec.ports[0].name', reason: 'FieldRequired' }],
  ['duplicate port names', service({ ports: [{ name: 'a', port: 80 }, { name: 'a', port: 81 }] }), { field: 'spec.ports[1].name', reason: 'FieldDuplicate' }],
  ['unknown protocol', service({ ports: [{ port: 80, protocol: 'HTTP' }] }), { field: 'spec.ports[0].protocol', reason: 'FieldNotSupported' }],
  // Endpoints and EndpointSlice
  ['valid Endpoints (loopback allowed)', { apiVersion: 'v1', kind: 'Endpoints', metadata: meta('s1'), subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ port: 8080 }] }] }, 'valid'],
  ['Endpoints with a bad IP', { apiVersion: 'v1', kind: 'Endpoints', metadata: meta('s1'), subsets: [{ addresses: [{ ip: '10.0.0.300' }], ports: [{ port: 8080 }] }] }, { field: 'subsets[0].addresses[0].ip', reason: 'FieldInvalid' }],
  ['Endpoints subset without ports', { apiVersion: 'v1', kind: 'Endpoints', metadata: meta('s1'), subsets: [{ addresses: [{ ip: '10.0.0.1' }] }] }, { field: 'subsets[0].ports', reason: 'FieldRequired' }],
  ['valid EndpointSlice', { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: meta('s1-abc'), addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: true } }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }, 'valid'],
  ['EndpointSlice without addressType', { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: meta('s1-abc'), endpoints: [] }, { field: 'addressType', reason: 'FieldRequired' }],
  ['EndpointSlice IPv6 address in an IPv4 slice', { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: meta('s1-abc'), addressType: 'IPv4', endpoints: [{ addresses: ['::1'] }] }, { field: 'endpoints[0].addresses[0]', reason: 'FieldInvalid' }],
  ['EndpointSlice ready as a string', { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: meta('s1-abc'), addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: 'yes' } }] }, { field: 'endpoints[0].conditions.ready', reason: 'FieldType' }],
  // Secret
  ['valid TLS Secret (data)', secret({ data: { 'tls.crt': B64, 'tls.key': B64 } }), 'valid'],
  ['valid TLS Secret (stringData)', secret({ stringData: { 'tls.crt': 'pem', 'tls.key': 'pem' } }), 'valid'],
  ['TLS Secret without a key', secret({ data: { 'tls.crt': B64 } }), { field: 'data[tls.key]', reason: 'FieldRequired' }],
  ['TLS Secret with plain text in data', secret({ data: { 'tls.crt': '-----BEGIN CERTIFICATE-----', 'tls.key': B64 } }), { field: 'data[tls.crt]', reason: 'FieldInvalid', message: /base64/ }],
  ['Opaque Secret', { apiVersion: 'v1', kind: 'Secret', metadata: meta('ca'), type: 'Opaque', data: { 'ca.crt': B64 } }, 'valid'],
  // IngressClass and IngressRoute
  ['valid IngressClass', { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: meta('isobar'), spec: { controller: 'example.com/isobar' } }, 'valid'],
  ['IngressClass without controller', { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: meta('isobar'), spec: {} }, { field: 'spec.controller', reason: 'FieldRequired' }],
  ['valid IngressRoute (seed 001)', { apiVersion: 'contour.heptio.com/v1beta1', kind: 'IngressRoute', metadata: meta('basic'), spec: { virtualhost: { fqdn: 'foo-basic.bar.com' }, routes: [{ match: '/', services: [{ name: 's1', port: 80 }] }] } }, 'valid'],
  ['IngressRoute service port as a word', { apiVersion: 'contour.heptio.com/v1beta1', kind: 'IngressRoute', metadata: meta('basic'), spec: { routes: [{ match: '/', services: [{ name: 's1', port: 'eighty' }] }] } }, { field: 'spec.routes[0].services[0].port', reason: 'FieldType' }],
];

describe('validateObject', () => {
  for (const [name, value, expect] of cases) {
    it(name, () => {
      const verdict = validateObject(value, KINDS);
      if (expect === 'valid' || expect === 'ignored') {
        assert.equal(verdict.status, expect, JSON.stringify(verdict));
        return;
      }
      assert.equal(verdict.status, 'invalid', JSON.stringify(verdict));
      if (verdict.status !== 'invalid') return;
      const issue = verdict.issues.find((i) => i.field === expect.field);
      assert.ok(issue, `no issue on ${expect.field}: ${JSON.stringify(verdict.issues)}`);
      assert.equal(issue.reason, expect.reason, issue.message);
      if (expect.message) assert.match(issue.message, expect.message);
    });
  }

  it('reports every problem of an object at once', () => {
    const verdict = validateObject(v1Ingress([v1Path(svc({ number: 0 }), 'a'), v1Path(svc({ number: 80 }), '/', 'Bad')]), KINDS);
    assert.equal(verdict.status, 'invalid');
    if (verdict.status !== 'invalid') return;
    assert.deepEqual(verdict.issues.map((i) => i.field).sort(), [`${P0}.backend.service.port.number`, `${P0}.path`, 'spec.rules[0].http.paths[1].pathType']);
  });

  it('names the ignored kind and its apiVersion', () => {
    const verdict = validateObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta() }, KINDS);
    assert.deepEqual(verdict, { status: 'ignored', message: 'kind Deployment (apps/v1) is not used by isobar; ignored' });
  });
});

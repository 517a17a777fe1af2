import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFile } from '../source-file/file-loader.js';
import { validateObject } from '../../core/index.js';
import { defaultKinds } from '../../test/fixtures/routing-processors.js';

const KINDS = defaultKinds();

type Expect = 'valid' | { field: string; reason: string; message?: RegExp };

const ir = (spec: unknown, extra: Record<string, unknown> = {}) => ({ apiVersion: 'contour.heptio.com/v1beta1', kind: 'IngressRoute', metadata: { name: 'r' }, spec, ...extra });
const route = (fields: Record<string, unknown>) => ir({ routes: [{ match: '/', ...fields }] });
const svc = (fields: Record<string, unknown>) => route({ services: [{ name: 's1', port: 80, ...fields }] });
const hc = (fields: Record<string, unknown>) => svc({ healthCheck: { path: '/healthz', ...fields } });
const S0 = 'spec.routes[0].services[0]';

const everything = ir({
  virtualhost: { fqdn: 'www.example.com', tls: { secretName: 'cert', minimumProtocolVersion: '1.3', passthrough: false } },
  routes: [
    {
      match: '/',
      services: [{ name: 's1', port: 80, weight: 90, strategy: 'WeightedLeastRequest', healthCheck: { path: '/hz', host: 'h', intervalSeconds: 5, timeoutSeconds: 2, unhealthyThresholdCount: 3, healthyThresholdCount: 1 } }],
      enableWebsockets: true,
      permitInsecure: true,
      prefixRewrite: '/app',
      timeoutPolicy: { request: '1s' },
      retryPolicy: { count: 3, perTryTimeout: '150ms' },
    },
    { match: '/blog', delegate: { name: 'blog', namespace: 'blog' } },
  ],
  tcpproxy: { services: [{ name: 'db', port: 5432, weight: 0 }] },
});

const cases: Array<[string, unknown, Expect]> = [
  ['every field of the schema', everything, 'valid'],
  ['a delegate-only child without a namespace', ir({ routes: [{ match: '/blog', delegate: { name: 'blog' } }] }), 'valid'],
  ['a tcpproxy delegate', ir({ virtualhost: { fqdn: 'db.example.com', tls: { passthrough: true } }, tcpproxy: { delegate: { name: 'db' } } }), 'valid'],
  ['status copied from kubectl', ir({ routes: [] }, { status: { currentStatus: 'valid', description: 'valid IngressRoute' } }), 'valid'],
  // semantics are the processor's: these pass here and become conditions there
  ['a wildcard fqdn', ir({ virtualhost: { fqdn: '*.example.com' } }), 'valid'],
  ['a route without services', route({}), 'valid'],
  // the CRD's enum: the API server refuses an unknown TLS version, and so does the file source
  ['an unknown TLS version', ir({ virtualhost: { fqdn: 'a.example.com', tls: { secretName: 'c', minimumProtocolVersion: '1.4' } } }), { field: 'spec.virtualhost.tls.minimumProtocolVersion', reason: 'FieldNotSupported', message: /supported values: "1.1", "1.2", "1.3"/ }],
  // types and required fields
  ['no spec', { ...ir({}), spec: undefined }, { field: 'spec', reason: 'FieldRequired' }],
  ['spec as a list', ir([]), { field: 'spec', reason: 'FieldType' }],
  ['fqdn missing', ir({ virtualhost: {} }), { field: 'spec.virtualhost.fqdn', reason: 'FieldRequired' }],
  ['fqdn as a number', ir({ virtualhost: { fqdn: 1 } }), { field: 'spec.virtualhost.fqdn', reason: 'FieldType' }],
  ['secretName as a map', ir({ virtualhost: { fqdn: 'a.b', tls: { secretName: { name: 'x' } } } }), { field: 'spec.virtualhost.tls.secretName', reason: 'FieldType' }],
  ['minimumProtocolVersion unquoted (a number)', ir({ virtualhost: { fqdn: 'a.b', tls: { minimumProtocolVersion: 1.3 } } }), { field: 'spec.virtualhost.tls.minimumProtocolVersion', reason: 'FieldType', message: /quote it/ }],
  ['passthrough as a string', ir({ virtualhost: { fqdn: 'a.b', tls: { passthrough: 'yes' } } }), { field: 'spec.virtualhost.tls.passthrough', reason: 'FieldType' }],
  ['routes as a map', ir({ routes: { match: '/' } }), { field: 'spec.routes', reason: 'FieldType' }],
  ['a route as a string', ir({ routes: ['/'] }), { field: 'spec.routes[0]', reason: 'FieldType' }],
  ['match missing', ir({ routes: [{ services: [] }] }), { field: 'spec.routes[0].match', reason: 'FieldRequired' }],
  ['match as a number', route({ match: 1 }), { field: 'spec.routes[0].match', reason: 'FieldType' }],
  ['services as a map', route({ services: { name: 's1' } }), { field: 'spec.routes[0].services', reason: 'FieldType' }],
  ['service name missing', route({ services: [{ port: 80 }] }), { field: `${S0}.name`, reason: 'FieldRequired' }],
  ['service port missing', route({ services: [{ name: 's1' }] }), { field: `${S0}.port`, reason: 'FieldRequired' }],
  ['service port as a word', svc({ port: 'eighty' }), { field: `${S0}.port`, reason: 'FieldType', message: /integer/ }],
  ['service port quoted', svc({ port: '80' }), { field: `${S0}.port`, reason: 'FieldType' }],
  ['service port 0', svc({ port: 0 }), { field: `${S0}.port`, reason: 'FieldInvalid' }],
  ['service port 65536', svc({ port: 65536 }), { field: `${S0}.port`, reason: 'FieldInvalid' }],
  ['service port a fraction', svc({ port: 80.5 }), { field: `${S0}.port`, reason: 'FieldType' }],
  ['weight negative', svc({ weight: -1 }), { field: `${S0}.weight`, reason: 'FieldInvalid' }],
  ['weight as a percentage', svc({ weight: '50%' }), { field: `${S0}.weight`, reason: 'FieldType' }],
  ['strategy as a list', svc({ strategy: ['Random'] }), { field: `${S0}.strategy`, reason: 'FieldType' }],
  ['healthCheck as a string', svc({ healthCheck: '/healthz' }), { field: `${S0}.healthCheck`, reason: 'FieldType' }],
  ['healthCheck path as a number', hc({ path: 1 }), { field: `${S0}.healthCheck.path`, reason: 'FieldType' }],
  ['healthCheck host as a boolean', hc({ host: true }), { field: `${S0}.healthCheck.host`, reason: 'FieldType' }],
  ['healthCheck intervalSeconds as a duration', hc({ intervalSeconds: '5s' }), { field: `${S0}.healthCheck.intervalSeconds`, reason: 'FieldType' }],
  ['healthCheck timeoutSeconds a fraction', hc({ timeoutSeconds: 0.5 }), { field: `${S0}.healthCheck.timeoutSeconds`, reason: 'FieldType' }],
  ['healthCheck unhealthyThresholdCount negative', hc({ unhealthyThresholdCount: -2 }), { field: `${S0}.healthCheck.unhealthyThresholdCount`, reason: 'FieldInvalid' }],
  ['healthCheck healthyThresholdCount as a string', hc({ healthyThresholdCount: 'two' }), { field: `${S0}.healthCheck.healthyThresholdCount`, reason: 'FieldType' }],
  ['delegate as a string', route({ delegate: 'blog' }), { field: 'spec.routes[0].delegate', reason: 'FieldType' }],
  ['delegate name missing', route({ delegate: { namespace: 'blog' } }), { field: 'spec.routes[0].delegate.name', reason: 'FieldRequired' }],
  ['delegate namespace as a number', route({ delegate: { name: 'b', namespace: 7 } }), { field: 'spec.routes[0].delegate.namespace', reason: 'FieldType' }],
  ['enableWebsockets as a string', route({ enableWebsockets: 'true' }), { field: 'spec.routes[0].enableWebsockets', reason: 'FieldType' }],
  ['permitInsecure as a number', route({ permitInsecure: 1 }), { field: 'spec.routes[0].permitInsecure', reason: 'FieldType' }],
  ['prefixRewrite as a boolean', route({ prefixRewrite: false }), { field: 'spec.routes[0].prefixRewrite', reason: 'FieldType' }],
  ['timeoutPolicy as a string', route({ timeoutPolicy: '1s' }), { field: 'spec.routes[0].timeoutPolicy', reason: 'FieldType' }],
  ['timeoutPolicy request as a number', route({ timeoutPolicy: { request: 5 } }), { field: 'spec.routes[0].timeoutPolicy.request', reason: 'FieldType', message: /quote it/ }],
  ['retryPolicy count as a string', route({ retryPolicy: { count: 'three' } }), { field: 'spec.routes[0].retryPolicy.count', reason: 'FieldType' }],
  ['retryPolicy count negative', route({ retryPolicy: { count: -1 } }), { field: 'spec.routes[0].retryPolicy.count', reason: 'FieldInvalid' }],
  ['retryPolicy perTryTimeout as a number', route({ retryPolicy: { perTryTimeout: 150 } }), { field: 'spec.routes[0].retryPolicy.perTryTimeout', reason: 'FieldType' }],
  ['tcpproxy as a list', ir({ tcpproxy: [] }), { field: 'spec.tcpproxy', reason: 'FieldType' }],
  ['tcpproxy service port as a word', ir({ tcpproxy: { services: [{ name: 'db', port: 'pg' }] } }), { field: 'spec.tcpproxy.services[0].port', reason: 'FieldType' }],
  ['tcpproxy delegate name missing', ir({ tcpproxy: { delegate: {} } }), { field: 'spec.tcpproxy.delegate.name', reason: 'FieldRequired' }],
  ['status as a string', ir({}, { status: 'valid' }), { field: 'status', reason: 'FieldType' }],
  // unknown fields: a typo must not silently switch a feature off
  ['a top-level routes (spec forgotten)', ir({}, { routes: [] }), { field: 'routes', reason: 'FieldUnknown' }],
  ['a miscased spec field', ir({ virtualHost: { fqdn: 'a.b' } }), { field: 'spec.virtualHost', reason: 'FieldUnknown', message: /^unknown field "spec.virtualHost"; did you mean "spec.virtualhost"\?$/ }],
  ['an unknown spec field like none', ir({ ingress: {} }), { field: 'spec.ingress', reason: 'FieldUnknown', message: /spec has virtualhost, routes, tcpproxy$/ }],
  ['an unknown virtualhost field', ir({ virtualhost: { fqdn: 'a.b', aliases: [] } }), { field: 'spec.virtualhost.aliases', reason: 'FieldUnknown' }],
  ['an unknown tls field', ir({ virtualhost: { fqdn: 'a.b', tls: { secret: 'x' } } }), { field: 'spec.virtualhost.tls.secret', reason: 'FieldUnknown' }],
  ['enableWebsocket (misspelt)', route({ enableWebsocket: true }), { field: 'spec.routes[0].enableWebsocket', reason: 'FieldUnknown', message: /did you mean "spec.routes\[0\].enableWebsockets"/ }],
  ['an unknown service field', svc({ namespace: 'other' }), { field: `${S0}.namespace`, reason: 'FieldUnknown' }],
  ['an unknown healthCheck field', hc({ interval: 5 }), { field: `${S0}.healthCheck.interval`, reason: 'FieldUnknown' }],
  ['an unknown delegate field', route({ delegate: { name: 'b', kind: 'IngressRoute' } }), { field: 'spec.routes[0].delegate.kind', reason: 'FieldUnknown' }],
  ['an unknown timeoutPolicy field', route({ timeoutPolicy: { idle: '5s' } }), { field: 'spec.routes[0].timeoutPolicy.idle', reason: 'FieldUnknown' }],
  ['an unknown retryPolicy field', route({ retryPolicy: { retries: 3 } }), { field: 'spec.routes[0].retryPolicy.retries', reason: 'FieldUnknown' }],
  ['an unknown tcpproxy field', ir({ tcpproxy: { service: { name: 'db' } } }), { field: 'spec.tcpproxy.service', reason: 'FieldUnknown' }],
  ['an unknown key with a dot', route({ 'example.com/x': 1 }), { field: 'spec.routes[0][example.com/x]', reason: 'FieldUnknown' }],
];

describe('IngressRoute structural validation', () => {
  for (const [name, value, expect] of cases) {
    it(name, () => {
      const verdict = validateObject(value, KINDS);
      if (expect === 'valid') return assert.equal(verdict.status, 'valid', JSON.stringify(verdict));
      assert.equal(verdict.status, 'invalid', JSON.stringify(verdict));
      if (verdict.status !== 'invalid') return;
      const issue = verdict.issues.find((i) => i.field === expect.field);
      assert.ok(issue, `no issue on ${expect.field}: ${JSON.stringify(verdict.issues)}`);
      assert.equal(issue.reason, expect.reason, issue.message);
      if (expect.message) assert.match(issue.message, expect.message);
    });
  }

  it('reports every problem of the object at once', () => {
    const verdict = validateObject(ir({ virtualhost: { fqdn: 2 }, routes: [{ match: '/', services: [{ name: 's1', port: 'eighty', wieght: 5 }] }] }), KINDS);
    assert.equal(verdict.status, 'invalid');
    if (verdict.status !== 'invalid') return;
    assert.deepEqual(verdict.issues.map((i) => i.field).sort(), [`${S0}.port`, `${S0}.wieght`, 'spec.virtualhost.fqdn']);
  });

  it('points at the line of the offending field in the file, and delivers the object invalid beside its sibling', () => {
    const text = `apiVersion: v1
kind: Service
metadata: {name: s1}
spec: {ports: [{port: 80}]}
---
apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata:
  name: basic
spec:
  virtualhost:
    fqdn: foo-basic.bar.com
  routes:
    - match: /
      services:
        - name: s1
          port: eighty
      enableWebsocket: true
`;
    const load = loadFile(text, { file: '/cfg/basic.yaml', defaultNamespace: 'default', kinds: KINDS });
    assert.deepEqual(load.objects.map((o) => o.key), ['Service/default/s1', 'IngressRoute/default/basic']);
    const got = load.objects[1]!.sourced.origin.problems!.map((p) => [p.file, p.line, p.severity, p.reason, p.field]).sort((a, b) => Number(a[1]) - Number(b[1]));
    assert.deepEqual(got, [
      ['/cfg/basic.yaml', 17, 'error', 'FieldType', `${S0}.port`],
      ['/cfg/basic.yaml', 18, 'error', 'FieldUnknown', 'spec.routes[0].enableWebsocket'],
    ]);
  });
});

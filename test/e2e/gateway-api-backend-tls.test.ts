/**
 * BackendTLSPolicy from files through a real Envoy: a route to a Service a policy names reaches its
 * HTTPS backend over TLS, with the policy's SNI, trusting only the policy's CA and accepting only the
 * certificate the policy names (its hostname, or its subject alternative names); anything else is a 5xx,
 * never plaintext. A policy whose CA cannot be read says why and its routes answer 500; a route to a
 * Service without a policy is untouched.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { createCertificateAuthority } from './harness/certs.js';
import { startEchoBackend, type EchoReply } from './harness/echo-backend.js';
import { eventually } from './harness/eventually.js';
import { gatewayYaml, routeYaml } from './harness/gateway-yaml.js';
import { request } from './harness/http-client.js';
import { startHttpsEchoBackend, type HttpsRequestSeen } from './harness/https-echo-backend.js';
import { startTlsEchoBackend } from './harness/stream-echo-backend.js';
import { tlsExchange } from './harness/tls-exchange.js';
import { startStack } from './harness/isobar-stack.js';
import { caConfigMapYaml, serviceYaml, tlsSecretYaml } from './harness/k8s-yaml.js';
import { freePorts } from './harness/ports.js';

const PLUGINS = ['source-file', 'sink-xds', 'api-gateway'];
const HOST = 'btls.example.com';


/** A policy on Service `service` port `https`; `validation` is YAML inside validation's braces. */
const policyYaml = (service: string, validation: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: { name: ${service}, namespace: infra }
spec:
  targetRefs: [{ group: "", kind: Service, name: ${service}, sectionName: https }]
  validation: { ${validation} }
`;

/** Each policy case: the Service it names (all reach the one HTTPS backend) and its validation. */
const CASES: Record<string, string> = {
  good: 'caCertificateRefs: [{ group: "", kind: ConfigMap, name: ca }], hostname: web.example.com',
  'wrong-host': 'caCertificateRefs: [{ group: "", kind: ConfigMap, name: ca }], hostname: other.example.com',
  'wrong-ca': 'caCertificateRefs: [{ group: "", kind: ConfigMap, name: other-ca }], hostname: web.example.com',
  // The SNI names nothing the certificate has: with subjectAltNames, only those are checked.
  'san-uri': 'caCertificateRefs: [{ group: "", kind: ConfigMap, name: ca }], hostname: sni.example.com, subjectAltNames: [{ type: URI, uri: "spiffe://example.com/web" }]',
  'san-uri-missing': 'caCertificateRefs: [{ group: "", kind: ConfigMap, name: ca }], hostname: web.example.com, subjectAltNames: [{ type: URI, uri: "spiffe://example.com/other" }]',
  'san-dns': 'caCertificateRefs: [{ group: "", kind: ConfigMap, name: ca }], hostname: sni.example.com, subjectAltNames: [{ type: Hostname, hostname: web.example.com }]',
  'san-dns-missing': 'caCertificateRefs: [{ group: "", kind: ConfigMap, name: ca }], hostname: web.example.com, subjectAltNames: [{ type: Hostname, hostname: other.example.com }]',
  'no-configmap': 'caCertificateRefs: [{ group: "", kind: ConfigMap, name: absent }], hostname: web.example.com',
};

describe('Gateway API BackendTLSPolicy (file source)', () => {
  it('speaks TLS to the backend as the policy says, and fails closed when it cannot', async (t) => {
    const ca = createCertificateAuthority();
    const otherCa = createCertificateAuthority('another CA');
    const tlsBackend = await startHttpsEchoBackend('tls', ca.issueServerCertificate(['web.example.com', 'spiffe://example.com/web']));
    const plain = await startEchoBackend('plain');
    t.after(() => Promise.all([tlsBackend.close(), plain.close()]));
    const [port] = await freePorts(1);
    const services = Object.keys(CASES).map((s) => serviceYaml('infra', s, 443, tlsBackend.port, 'https'));
    const rules = Object.keys(CASES)
      .map((s) => `  - matches: [{ path: { type: Exact, value: /${s} } }]\n    backendRefs: [{ name: ${s}, port: 443 }]`)
      .concat(`  - matches: [{ path: { type: PathPrefix, value: / } }]\n    backendRefs: [{ name: plain, port: 80 }]`)
      .join('\n');
    const stack = await startStack(t, {
      config: { plugins: PLUGINS },
      files: {
        'svc.yaml': [...services, serviceYaml('infra', 'plain', 80, plain.port)].join('---\n'),
        'gw.yaml': gatewayYaml('infra', 'gw', [`{ name: http, port: ${port}, protocol: HTTP }`]),
        'route.yaml': routeYaml('HTTPRoute', 'infra', 'r', [HOST], rules),
        'ca.yaml': `${caConfigMapYaml('infra', 'ca', ca.certPem)}---\n${caConfigMapYaml('infra', 'other-ca', otherCa.certPem)}`,
        'policies.yaml': Object.entries(CASES).map(([s, v]) => policyYaml(s, v)).join('---\n'),
      },
    });
    const get = (path: string) => request({ port: port!, host: HOST, path });
    const seen = (path: string): HttpsRequestSeen[] => tlsBackend.requests.filter((r) => r.path === path);

    const good = await eventually(async () => {
      const r = await get('/good');
      assert.equal(r.status, 200, r.body);
      return r.json<HttpsRequestSeen & { backend: string }>();
    });
    assert.equal(good.backend, 'tls');
    assert.equal(good.servername, 'web.example.com', 'the policy\'s hostname is the SNI');
    assert.equal(good.alpn, 'http/1.1');

    for (const path of ['/san-uri', '/san-dns']) {
      const r = await get(path);
      assert.equal(r.status, 200, `${path}: ${r.body}`);
      assert.equal(r.json<HttpsRequestSeen>().servername, 'sni.example.com', `${path}: the SNI is the hostname even when other names are checked`);
    }

    // The certificate is not what the policy accepts: Envoy ends the handshake, the client gets a 5xx.
    for (const path of ['/wrong-host', '/wrong-ca', '/san-uri-missing', '/san-dns-missing', '/no-configmap']) {
      const r = await get(path);
      assert.ok(r.status >= 500 && r.status <= 503, `${path}: want a 5xx, got ${r.status} ${r.body}`);
      assert.deepEqual(seen(path), [], `${path}: no request reached the backend`);
    }
    const missing = await get('/no-configmap');
    assert.equal(missing.status, 500, 'a policy that cannot be honoured answers 500 rather than sending plaintext');

    // A Service without a policy is reached as before.
    const other = await get('/elsewhere');
    assert.equal(other.status, 200);
    assert.equal(other.json<EchoReply>().backend, 'plain');

    const status = await stack.status();
    const policyStatus = (name: string) => {
      const o = status.objects.find((x) => x.ref.kind === 'BackendTLSPolicy' && x.ref.name === name);
      const ancestors = ((o?.status as { ancestors?: Array<{ ancestorRef: { name: string }; conditions: Array<{ type: string; status: string; reason: string; message: string }> }> } | undefined)?.ancestors ?? []);
      return { object: o, ancestors };
    };
    const bad = policyStatus('no-configmap');
    assert.deepEqual(bad.ancestors.map((a) => a.ancestorRef.name), ['gw'], JSON.stringify(bad.object));
    const conditions = bad.ancestors[0]!.conditions;
    assert.deepEqual(conditions.map((c) => `${c.type}=${c.status}:${c.reason}`), ['Accepted=False:NoValidCACertificate', 'ResolvedRefs=False:InvalidCACertificateRef']);
    assert.match(conditions[1]!.message, /ConfigMap infra\/absent not found/);
    assert.ok(bad.object?.conditions.some((c) => c.field === 'spec.validation.caCertificateRefs[0]' && /absent/.test(c.message)), 'the warning names the field');
    assert.deepEqual(policyStatus('good').ancestors[0]?.conditions.map((c) => `${c.type}=${c.status}:${c.reason}`), ['Accepted=True:Accepted', 'ResolvedRefs=True:ResolvedRefs']);
    const route = status.objects.find((x) => x.ref.kind === 'HTTPRoute' && x.ref.name === 'r');
    assert.equal(route?.state, 'valid', JSON.stringify(route));
    assert.deepEqual(Object.values(status.sinks).map((s) => s.nacksTotal ?? 0), Object.values(status.sinks).map(() => 0), 'Envoy accepted every config');
  });

  it('presents the Gateway\'s backend client certificate to a backend that requires one', async (t) => {
    const ca = createCertificateAuthority();
    const clientCa = createCertificateAuthority('backend clients');
    const client = clientCa.issueClientCertificate('gateway');
    const backend = await startHttpsEchoBackend('mtls', ca.issueServerCertificate(['web.example.com']), clientCa.certPem);
    t.after(() => backend.close());
    const [withCert, without] = await freePorts(2);
    const gateway = (name: string, port: number, backendTls: string) =>
      gatewayYaml('infra', name, [`{ name: http, port: ${port}, protocol: HTTP }`]).replace('  gatewayClassName: isobar\n', `  gatewayClassName: isobar\n${backendTls}`);
    const route = (name: string, gw: string) => routeYaml('HTTPRoute', 'infra', name, [HOST], '\n  - backendRefs: [{ name: mtls, port: 443 }]\n').replace('parentRefs: [{ name: gw }]', `parentRefs: [{ name: ${gw} }]`);
    const stack = await startStack(t, {
      config: { plugins: PLUGINS },
      files: {
        'svc.yaml': serviceYaml('infra', 'mtls', 443, backend.port, 'https'),
        'client.yaml': tlsSecretYaml('infra', 'client', client.certPem, client.keyPem),
        'gw.yaml': [gateway('with-cert', withCert!, '  tls: { backend: { clientCertificateRef: { group: "", kind: Secret, name: client } } }\n'), gateway('without', without!, '')].join('---\n'),
        'routes.yaml': [route('r-with', 'with-cert'), route('r-without', 'without')].join('---\n'),
        'ca.yaml': caConfigMapYaml('infra', 'ca', ca.certPem),
        'policy.yaml': policyYaml('mtls', 'caCertificateRefs: [{ group: "", kind: ConfigMap, name: ca }], hostname: web.example.com'),
      },
    });
    const ok = await eventually(async () => {
      const r = await request({ port: withCert!, host: HOST, path: '/' });
      assert.equal(r.status, 200, r.body);
      return r.json<HttpsRequestSeen>();
    });
    assert.equal(ok.clientCertificate, new X509Certificate(client.certPem).fingerprint256, 'Envoy presented the Gateway\'s certificate');
    const refused = await request({ port: without!, host: HOST, path: '/' });
    assert.ok(refused.status >= 500, `a Gateway without a client certificate cannot reach it: ${refused.status}`);
    const status = await stack.status();
    const gw = status.objects.find((o) => o.ref.kind === 'Gateway' && o.ref.name === 'with-cert') as { status?: { conditions: Array<{ type: string; status: string; reason: string }> } } | undefined;
    assert.ok(gw?.status?.conditions.some((c) => `${c.type}=${c.status}:${c.reason}` === 'ResolvedRefs=True:ResolvedRefs'));
  });

  it('re-encrypts to the backend of a TLSRoute whose listener terminates TLS', async (t) => {
    const ca = createCertificateAuthority();
    const listenerCert = ca.issueServerCertificate(['term.example.com']);
    const backend = await startTlsEchoBackend(ca.issueServerCertificate(['web.example.com']));
    t.after(() => backend.close());
    const [port] = await freePorts(1);
    await startStack(t, {
      config: { plugins: [...PLUGINS, 'tcp-proxy'] },
      files: {
        'svc.yaml': serviceYaml('infra', 'tls-echo', 443, backend.port, 'https'),
        'cert.yaml': tlsSecretYaml('infra', 'term-cert', listenerCert.certPem, listenerCert.keyPem),
        'gw.yaml': gatewayYaml('infra', 'gw', [`{ name: term, port: ${port}, protocol: TLS, hostname: term.example.com, tls: { mode: Terminate, certificateRefs: [{ name: term-cert }] } }`]),
        'route.yaml': `apiVersion: gateway.networking.k8s.io/v1
kind: TLSRoute
metadata: { name: term, namespace: infra }
spec:
  parentRefs: [{ name: gw }]
  hostnames: [term.example.com]
  rules: [{ backendRefs: [{ name: tls-echo, port: 443 }] }]
`,
        'ca.yaml': caConfigMapYaml('infra', 'ca', ca.certPem),
        'policy.yaml': policyYaml('tls-echo', 'caCertificateRefs: [{ group: "", kind: ConfigMap, name: ca }], hostname: web.example.com'),
      },
    });
    const payload = Buffer.from('through two TLS connections\n');
    const r = await eventually(() => tlsExchange({ port: port!, servername: 'term.example.com', ca: ca.certPem, payload }));
    assert.ok(r.received.equals(payload), 'the bytes reached the TLS backend and came back');
    assert.equal(r.peerCertificate.fingerprint256, new X509Certificate(listenerCert.certPem).fingerprint256, 'the client talked TLS with Envoy');
    assert.ok(backend.servernames.length > 0 && backend.servernames.every((n) => n === 'web.example.com'), `Envoy opened TLS to the backend with the policy's hostname as SNI: ${backend.servernames.join()}`);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { K8sObject } from '../../core/index.js';
import { Cluster } from '../../core/generated/envoy/config/cluster/v3/cluster.js';
import { SubjectAltNameMatcher_SanType } from '../../core/generated/envoy/extensions/transport_sockets/tls/v3/common.js';
import { UpstreamTlsContext } from '../../core/generated/envoy/extensions/transport_sockets/tls/v3/tls.js';
import { TypeUrl } from '../../core/snapshot/snapshot.js';
import { service } from '../../test/fixtures/objects.js';
import { createCertificateAuthority } from '../../test/e2e/harness/certs.js';
import { GatewayBuild } from '../../test/support/gateway-api/gateway-build.js';
import { backendTlsPolicy, configMap, gateway, gatewayClass, httpListener, httpRoute } from '../../test/support/gateway-api/gateway-objects.js';

const ca = createCertificateAuthority();
const caMap = configMap('infra', 'ca', { 'ca.crt': ca.certPem });
const base: K8sObject[] = [
  gatewayClass(),
  gateway('infra', 'gw', [httpListener('http', 8081)]),
  service('infra', 'web', [{ name: 'https', port: 443 }, { name: 'alt', port: 8443 }]),
  service('infra', 'plain', [{ port: 80 }]),
  caMap,
];
const route = httpRoute('infra', 'r', {
  parentRefs: [{ name: 'gw' }],
  rules: [
    { matches: [{ path: { type: 'PathPrefix', value: '/tls' } }], backendRefs: [{ name: 'web', port: 443 }] },
    { matches: [{ path: { type: 'PathPrefix', value: '/alt' } }], backendRefs: [{ name: 'web', port: 8443 }] },
    { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'plain', port: 80 }] },
  ],
});
const target = (sectionName?: string) => ({ group: '', kind: 'Service', name: 'web', ...(sectionName ? { sectionName } : {}) });
const policy = (name: string, validation: Record<string, unknown>, sectionName?: string, meta: Record<string, unknown> = {}) =>
  backendTlsPolicy('infra', name, { targetRefs: [target(sectionName)], validation: { hostname: 'web.example.com', ...validation } }, meta);
const caRef = (name = 'ca', kind = 'ConfigMap', group = '') => ({ group, kind, name });

/** type=status:reason of the conditions of a policy's ancestor entry for Gateway infra/gw. */
function ancestorConditions(b: GatewayBuild, name: string): string[] {
  const entries = (b.detail('BackendTLSPolicy', 'infra', name)?.ancestors ?? []) as Array<{ ancestorRef: { name: string; namespace: string; kind: string }; controllerName: string; conditions: any[] }>;
  const gw = entries.find((e) => e.ancestorRef.name === 'gw' && e.ancestorRef.namespace === 'infra' && e.ancestorRef.kind === 'Gateway');
  assert.equal(gw?.controllerName, 'isobar.io/gateway-controller');
  return gw.conditions.map((c) => `${c.type}=${c.status}:${c.reason}`);
}

function clusters(b: GatewayBuild): Cluster[] {
  return [...(b.result.snapshot.resources.get(TypeUrl.Cluster)?.items.values() ?? [])].map((i) => Cluster.decode(i.resource.value));
}

function tlsOf(c: Cluster | undefined): UpstreamTlsContext | undefined {
  const any = c?.transportSocket?.typedConfig;
  return any ? UpstreamTlsContext.decode(any.value) : undefined;
}

const clusterOf = (b: GatewayBuild, endpoints: string) => clusters(b).find((c) => c.edsClusterConfig?.serviceName === endpoints);

describe('BackendTLSPolicy status reasons', () => {
  const cases: Array<{ name: string; objects: K8sObject[]; want: string[] }> = [
    { name: 'a CA ConfigMap and a hostname', objects: [policy('p', { caCertificateRefs: [caRef()] })], want: ['Accepted=True:Accepted', 'ResolvedRefs=True:ResolvedRefs'] },
    { name: 'a ConfigMap that does not exist', objects: [policy('p', { caCertificateRefs: [caRef('missing')] })], want: ['Accepted=False:NoValidCACertificate', 'ResolvedRefs=False:InvalidCACertificateRef'] },
    { name: 'a ConfigMap without ca.crt', objects: [configMap('infra', 'empty', {}), policy('p', { caCertificateRefs: [caRef('empty')] })], want: ['Accepted=False:NoValidCACertificate', 'ResolvedRefs=False:InvalidCACertificateRef'] },
    { name: 'a ca.crt that is not PEM', objects: [configMap('infra', 'junk', { 'ca.crt': 'not a certificate' }), policy('p', { caCertificateRefs: [caRef('junk')] })], want: ['Accepted=False:NoValidCACertificate', 'ResolvedRefs=False:InvalidCACertificateRef'] },
    {
      name: 'a PEM block that does not parse',
      objects: [configMap('infra', 'bad', { 'ca.crt': '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' }), policy('p', { caCertificateRefs: [caRef('bad')] })],
      want: ['Accepted=False:NoValidCACertificate', 'ResolvedRefs=False:InvalidCACertificateRef'],
    },
    { name: 'a ref of another kind', objects: [policy('p', { caCertificateRefs: [caRef('x', 'InvalidKind', 'invalid.io')] })], want: ['Accepted=False:NoValidCACertificate', 'ResolvedRefs=False:InvalidKind'] },
    { name: 'a Secret (not served as a CA source)', objects: [policy('p', { caCertificateRefs: [caRef('ca', 'Secret')] })], want: ['Accepted=False:NoValidCACertificate', 'ResolvedRefs=False:InvalidKind'] },
    { name: 'one good ref and one missing', objects: [policy('p', { caCertificateRefs: [caRef(), caRef('missing')] })], want: ['Accepted=True:Accepted', 'ResolvedRefs=False:InvalidCACertificateRef'] },
    { name: 'well-known CA certificates (not supported)', objects: [policy('p', { wellKnownCACertificates: 'System' })], want: ['Accepted=False:Invalid', 'ResolvedRefs=True:ResolvedRefs'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const b = new GatewayBuild([...base, route, ...c.objects]);
      assert.deepEqual(ancestorConditions(b, 'p'), c.want);
      // The route's own references resolve whatever the policy says.
      assert.deepEqual(b.parentConditions('HTTPRoute', 'infra', 'r'), ['Accepted=True:Accepted', 'ResolvedRefs=True:ResolvedRefs']);
    });
  }

  it('the older of two policies on one target wins; the other is Conflicted (by name on equal times)', () => {
    const older = policy('zz-older', { caCertificateRefs: [caRef()] }, undefined, { creationTimestamp: '2024-01-01T00:00:00Z' });
    const newer = policy('aa-newer', { caCertificateRefs: [caRef()], hostname: 'other.example.com' }, undefined, { creationTimestamp: '2024-01-02T00:00:00Z' });
    const b = new GatewayBuild([...base, route, newer, older]);
    assert.deepEqual(ancestorConditions(b, 'zz-older'), ['Accepted=True:Accepted', 'ResolvedRefs=True:ResolvedRefs']);
    assert.deepEqual(ancestorConditions(b, 'aa-newer'), ['Accepted=False:Conflicted', 'ResolvedRefs=True:ResolvedRefs']);
    assert.equal(tlsOf(clusterOf(b, 'infra/web/https'))?.sni, 'web.example.com');
    const tie = new GatewayBuild([...base, route, policy('b', { caCertificateRefs: [caRef()] }, 'https'), policy('a', { caCertificateRefs: [caRef()], hostname: 'a.example.com' }, 'https')]);
    assert.deepEqual(ancestorConditions(tie, 'a'), ['Accepted=True:Accepted', 'ResolvedRefs=True:ResolvedRefs']);
    assert.deepEqual(ancestorConditions(tie, 'b'), ['Accepted=False:Conflicted', 'ResolvedRefs=True:ResolvedRefs']);
    assert.equal(tlsOf(clusterOf(tie, 'infra/web/https'))?.sni, 'a.example.com');
  });

  it('a policy on a port and one on the whole Service do not conflict: the port\'s own takes it, the other the rest', () => {
    const b = new GatewayBuild([...base, route, policy('port', { caCertificateRefs: [caRef()], hostname: 'port.example.com' }, 'https'), policy('all', { caCertificateRefs: [caRef()] })]);
    assert.deepEqual(ancestorConditions(b, 'port'), ['Accepted=True:Accepted', 'ResolvedRefs=True:ResolvedRefs']);
    assert.deepEqual(ancestorConditions(b, 'all'), ['Accepted=True:Accepted', 'ResolvedRefs=True:ResolvedRefs']);
    assert.equal(tlsOf(clusterOf(b, 'infra/web/https'))?.sni, 'port.example.com');
    assert.equal(tlsOf(clusterOf(b, 'infra/web/alt'))?.sni, 'web.example.com');
  });

  it('a policy no route of isobar\'s uses gets no status', () => {
    const b = new GatewayBuild([...base, policy('p', { caCertificateRefs: [caRef()] })]);
    assert.equal(b.detail('BackendTLSPolicy', 'infra', 'p'), undefined);
  });

  it('carries the generation it was computed for', () => {
    const b = new GatewayBuild([...base, route, policy('p', { caCertificateRefs: [caRef()] }, undefined, { generation: 4 })]);
    const entry = b.detail('BackendTLSPolicy', 'infra', 'p')?.ancestors[0];
    assert.deepEqual(entry.conditions.map((c: { observedGeneration: number }) => c.observedGeneration), [4, 4]);
  });
});

describe('BackendTLSPolicy in the Envoy config', () => {
  it('gives the target port a TLS cluster: SNI, the CA, the hostname checked, ALPN http/1.1', () => {
    const b = new GatewayBuild([...base, route, policy('p', { caCertificateRefs: [caRef()] })]);
    const tls = tlsOf(clusterOf(b, 'infra/web/https'));
    assert.equal(tls?.sni, 'web.example.com');
    assert.equal(tls?.commonTlsContext?.validationContext?.trustedCa?.inlineString?.trim(), ca.certPem.trim());
    assert.deepEqual(tls?.commonTlsContext?.validationContext?.matchTypedSubjectAltNames.map((m) => [m.sanType, m.matcher?.exact]), [[SubjectAltNameMatcher_SanType.DNS, 'web.example.com']]);
    assert.deepEqual(tls?.commonTlsContext?.alpnProtocols, ['http/1.1']);
    assert.equal(clusterOf(b, 'infra/plain/80')?.transportSocket, undefined, 'a Service without a policy stays plaintext');
  });

  it('checks the subject alternative names instead of the hostname when they are given', () => {
    const sans = [{ type: 'URI', uri: 'spiffe://example.com/web' }, { type: 'Hostname', hostname: 'alt.example.com' }];
    const b = new GatewayBuild([...base, route, policy('p', { caCertificateRefs: [caRef()], subjectAltNames: sans })]);
    const tls = tlsOf(clusterOf(b, 'infra/web/https'));
    assert.equal(tls?.sni, 'web.example.com');
    assert.deepEqual(tls?.commonTlsContext?.validationContext?.matchTypedSubjectAltNames.map((m) => [m.sanType, m.matcher?.exact]), [[SubjectAltNameMatcher_SanType.URI, 'spiffe://example.com/web'], [SubjectAltNameMatcher_SanType.DNS, 'alt.example.com']]);
  });

  it('never shares a name between the TLS and the plaintext cluster of one port, and leaves other clusters as they were', () => {
    const tlsRoute = httpRoute('infra', 'other', { parentRefs: [{ name: 'gw' }], hostnames: ['other.example.com'], rules: [{ backendRefs: [{ name: 'web', port: 443 }] }] });
    const without = new GatewayBuild([...base, route]);
    const withPolicy = new GatewayBuild([...base, route, tlsRoute, policy('p', { caCertificateRefs: [caRef()] }, 'https')]);
    const plainName = clusterOf(without, 'infra/web/https')!.name;
    const tlsName = clusterOf(withPolicy, 'infra/web/https')!.name;
    assert.notEqual(plainName, tlsName);
    assert.equal(clusterOf(withPolicy, 'infra/plain/80')!.name, clusterOf(without, 'infra/plain/80')!.name);
    assert.equal(clusterOf(withPolicy, 'infra/web/alt')!.name, clusterOf(without, 'infra/web/alt')!.name);
  });

  it('sends nothing in plaintext when the policy cannot be honoured: the rule answers 500', () => {
    const b = new GatewayBuild([...base, route, policy('p', { caCertificateRefs: [caRef('missing')] })]);
    assert.equal(clusterOf(b, 'infra/web/https'), undefined);
    const routes = b.routeConfig('infra/gw/http-8081')?.virtualHosts[0]?.routes ?? [];
    const tls = routes.find((r) => r.match?.pathSeparatedPrefix === '/tls' || r.match?.prefix === '/tls');
    assert.equal(tls?.directResponse?.status, 500);
    const rest = routes.find((r) => r.match?.prefix === '/');
    assert.ok(rest?.route?.cluster, 'the other rule still forwards');
  });

  it('asks an HTTP/2 (gRPC) backend for h2 by ALPN', () => {
    const grpc = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GRPCRoute', metadata: { name: 'g', namespace: 'infra', generation: 1 }, spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'web', port: 443 }] }] } } as K8sObject;
    const b = new GatewayBuild([...base, grpc, policy('p', { caCertificateRefs: [caRef()] })]);
    assert.deepEqual(tlsOf(clusterOf(b, 'infra/web/https'))?.commonTlsContext?.alpnProtocols, ['h2']);
  });
});

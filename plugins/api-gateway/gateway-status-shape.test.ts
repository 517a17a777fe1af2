import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ObjectStatus } from '../../core/index.js';
import { BACKEND_TLS_POLICY_KIND, GATEWAY_KIND, HTTP_ROUTE_KIND } from './gateway-kinds.js';
import { tlsSecret } from '../../test/fixtures/objects.js';
import { createTestPki } from '../../test/e2e/harness/certs.js';
import { GatewayBuild } from '../../test/support/gateway-api/gateway-build.js';
import { configMap, gateway, gatewayClass } from '../../test/support/gateway-api/gateway-objects.js';

const cond = (type: string, status: string, reason: string, extra: Record<string, unknown> = {}) => ({ type, status, reason, message: '', observedGeneration: 1, ...extra });
const desiredOf = (kind: typeof GATEWAY_KIND, detail: Record<string, unknown>) => {
  const s: ObjectStatus = { ref: { kind: kind.kind, namespace: 'ns', name: 'x' }, state: 'valid', conditions: [], detail };
  return kind.status!.fields(s, { addresses: [] })!;
};

describe('Gateway API status write-back', () => {
  it('keeps another controller\'s Gateway and listener conditions, and the transition time of a condition that did not change', () => {
    const desired = desiredOf(GATEWAY_KIND, { conditions: [cond('Accepted', 'True', 'Accepted'), cond('Programmed', 'True', 'Programmed')], listeners: [{ name: 'http', attachedRoutes: 1, supportedKinds: [], conditions: [cond('Accepted', 'True', 'Accepted')] }] });
    const live = {
      conditions: [cond('Accepted', 'True', 'Accepted', { lastTransitionTime: '2026-01-01T00:00:00Z' }), cond('Programmed', 'False', 'Pending', { lastTransitionTime: '2026-01-01T00:00:00Z' }), cond('example.com/Foreign', 'True', 'Seeded', { lastTransitionTime: '2026-02-02T00:00:00Z' })],
      listeners: [{ name: 'http', attachedRoutes: 0, supportedKinds: [], conditions: [cond('example.com/Foreign', 'True', 'Seeded')] }],
    };
    const merged = GATEWAY_KIND.status!.merge!(desired, live) as { conditions: Array<Record<string, unknown>>; listeners: Array<{ conditions: Array<Record<string, unknown>> }> };
    assert.deepEqual(merged.conditions.map((c) => [c.type, c.status]), [['Accepted', 'True'], ['Programmed', 'True'], ['example.com/Foreign', 'True']]);
    assert.equal(merged.conditions[0]!.lastTransitionTime, '2026-01-01T00:00:00Z', 'unchanged: the old time');
    assert.notEqual(merged.conditions[1]!.lastTransitionTime, '2026-01-01T00:00:00Z', 'changed status: a new time');
    assert.deepEqual(merged.listeners[0]!.conditions.map((c) => c.type), ['Accepted', 'example.com/Foreign']);
  });

  it('compares on isobar\'s parts only: foreign conditions and times make no difference', () => {
    const desired = desiredOf(GATEWAY_KIND, { conditions: [cond('Accepted', 'True', 'Accepted')], listeners: [] });
    const live = { conditions: [cond('Accepted', 'True', 'Accepted', { lastTransitionTime: '2020-01-01T00:00:00Z' }), cond('example.com/Foreign', 'True', 'Seeded')], listeners: [] };
    assert.equal(GATEWAY_KIND.status!.fingerprint(live), GATEWAY_KIND.status!.fingerprint(desired));
    assert.notEqual(GATEWAY_KIND.status!.fingerprint({ ...live, conditions: [cond('Accepted', 'False', 'Pending')] }), GATEWAY_KIND.status!.fingerprint(desired));
  });

  it('keeps the route parent entries of other controllers', () => {
    const parentRef = { name: 'gw' };
    const desired = desiredOf(HTTP_ROUTE_KIND, { parents: [{ parentRef, controllerName: 'isobar.io/gateway-controller', conditions: [cond('Accepted', 'True', 'Accepted')] }] });
    const foreign = { parentRef: { name: 'other' }, controllerName: 'example.com/other', conditions: [cond('Accepted', 'True', 'Accepted')] };
    const merged = HTTP_ROUTE_KIND.status!.merge!(desired, { parents: [foreign] }) as { parents: Array<{ controllerName: string }> };
    assert.deepEqual(merged.parents.map((p) => p.controllerName), ['isobar.io/gateway-controller', 'example.com/other']);
    assert.equal(HTTP_ROUTE_KIND.status!.fingerprint({ parents: [...(desired.parents as unknown[]), foreign] }), HTTP_ROUTE_KIND.status!.fingerprint(desired));
  });

  it('keeps the policy ancestor entries of other controllers exactly as they are (BackendTLSPolicy)', () => {
    const ancestorRef = { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'ns', name: 'gw' };
    const desired = desiredOf(BACKEND_TLS_POLICY_KIND, { ancestors: [{ ancestorRef, controllerName: 'isobar.io/gateway-controller', conditions: [cond('Accepted', 'True', 'Accepted', { observedGeneration: 2 })] }] });
    const foreign = { ancestorRef: { ...ancestorRef, name: 'unmanaged-gateway' }, controllerName: 'example.com/stale', conditions: [cond('Accepted', 'True', 'Accepted', { lastTransitionTime: '2026-03-03T00:00:00Z' })] };
    const stale = { ancestorRef, controllerName: 'isobar.io/gateway-controller', conditions: [cond('Accepted', 'True', 'Accepted', { lastTransitionTime: '2026-01-01T00:00:00Z' })] };
    const merged = BACKEND_TLS_POLICY_KIND.status!.merge!(desired, { ancestors: [stale, foreign] }) as { ancestors: Array<{ controllerName: string; conditions: Array<Record<string, unknown>> }> };
    assert.deepEqual(merged.ancestors.map((a) => a.controllerName), ['isobar.io/gateway-controller', 'example.com/stale']);
    assert.deepEqual(merged.ancestors[1], foreign, 'the other controller\'s entry is untouched');
    assert.equal(merged.ancestors[0]!.conditions[0]!.observedGeneration, 2, 'isobar\'s entry is the new one');
    assert.equal(merged.ancestors[0]!.conditions[0]!.lastTransitionTime, '2026-01-01T00:00:00Z', 'unchanged status keeps its time');
    assert.equal(BACKEND_TLS_POLICY_KIND.status!.fingerprint({ ancestors: [...(desired.ancestors as unknown[]), foreign] }), BACKEND_TLS_POLICY_KIND.status!.fingerprint(desired));
  });
});

describe('Gateway API status written twice', () => {
  it('a Gateway status merged into itself (the second write) holds each condition type once, whatever conditions the build set', () => {
    const { ca, server } = createTestPki(['*.example.com']);
    const gw = gateway('infra', 'gw', [{ name: 'https', port: 9443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'cert' }] } }]);
    const spec = { ...(gw.spec as Record<string, unknown>), tls: { backend: { clientCertificateRef: { name: 'cert' } }, frontend: { default: { validation: { mode: 'AllowInsecureFallback', caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca' }] } } } } };
    const b = new GatewayBuild([gatewayClass(), tlsSecret('infra', 'cert', server.certPem, server.keyPem), configMap('infra', 'ca', { 'ca.crt': ca.certPem }), { ...gw, spec }]);
    const detail = b.detail('Gateway', 'infra', 'gw') as Record<string, unknown>;
    const types = (detail.conditions as Array<{ type: string }>).map((c) => c.type);
    assert.ok(types.includes('ResolvedRefs') && types.includes('InsecureFrontendValidationMode'), `the build set them: ${types.join()}`);
    const desired = desiredOf(GATEWAY_KIND, detail);
    const merged = GATEWAY_KIND.status!.merge!(desired, GATEWAY_KIND.status!.merge!(desired, {})) as { conditions: Array<{ type: string }> };
    assert.deepEqual(merged.conditions.map((c) => c.type), types, 'no condition kept twice as if another controller had written it');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dns1123Subdomain, type K8sObject, type Kind, type ObjectStatus } from '../../core/index.js';
import { desiredStatus } from './desired-status.js';
import { addressEntry, serviceAddresses } from './load-balancer-address.js';

/** A kind of this test's own: its status says how many conditions the object has, and where Envoy is. */
const widget: Kind = {
  kind: 'Widget',
  apiVersions: ['example.com/v1'],
  plural: 'widgets',
  namespaced: true,
  custom: true,
  plugin: 'test',
  nameFormat: dns1123Subdomain,
  status: {
    subresource: true,
    fields: (s, { addresses }) => (s.state === 'orphaned' ? undefined : { problems: s.conditions.length, at: addresses.map((a) => a.ip ?? a.hostname) }),
    fingerprint: (status) => JSON.stringify((status as { problems?: number } | undefined)?.problems ?? -1),
  },
  validation: () => ({ schema: { type: 'object' } }),
};
const noStatus: Kind = { ...widget, kind: 'Gadget', plural: 'gadgets', status: undefined } as Kind;

const verdict = (state: ObjectStatus['state'], conditions = 0): ObjectStatus => ({
  ref: { kind: 'Widget', namespace: 'team', name: 'w' },
  state,
  conditions: Array.from({ length: conditions }, () => ({ severity: 'error' as const, reason: 'R', message: 'm' })),
});

function svc(spec: Record<string, unknown>, status?: Record<string, unknown>): K8sObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'envoy', namespace: 'edge' }, spec, ...(status ? { status } : {}) };
}

describe('desired status', () => {
  it("is the kind's status shape, at the kind's API path, with the kind's fingerprint", () => {
    const d = desiredStatus(verdict('invalid', 2), widget, [{ ip: '192.0.2.1' }])!;
    assert.deepEqual(d.resource, { kind: 'Widget', apiVersion: 'example.com/v1', plural: 'widgets', namespaced: true, custom: true });
    assert.deepEqual(d.status, { problems: 2, at: ['192.0.2.1'] });
    assert.equal(d.fingerprint, '2');
    assert.equal(d.key, 'Widget/team/w');
  });

  it('nothing when the shape writes nothing for this verdict, the kind has no status, or the kind is not registered', () => {
    assert.equal(desiredStatus(verdict('orphaned'), widget, []), undefined);
    assert.equal(desiredStatus(verdict('valid'), noStatus, []), undefined);
    assert.equal(desiredStatus(verdict('valid'), undefined, []), undefined);
  });
});

describe('load balancer address', () => {
  it('an IP is an ip, anything else a hostname', () => {
    assert.deepEqual(addressEntry('203.0.113.7'), { ip: '203.0.113.7' });
    assert.deepEqual(addressEntry('2001:db8::1'), { ip: '2001:db8::1' });
    assert.deepEqual(addressEntry('lb.example.com'), { hostname: 'lb.example.com' });
  });

  const cases: Array<[string, K8sObject | undefined, unknown]> = [
    ['load balancer first', svc({ clusterIP: '10.96.0.5', externalIPs: ['192.0.2.5'] }, { loadBalancer: { ingress: [{ hostname: 'lb.example.com', ipMode: 'VIP' }] } }), [{ hostname: 'lb.example.com' }]],
    ['then external IPs', svc({ clusterIP: '10.96.0.5', externalIPs: ['192.0.2.5', '192.0.2.6'] }, { loadBalancer: {} }), [{ ip: '192.0.2.5' }, { ip: '192.0.2.6' }]],
    ['then the cluster IP', svc({ clusterIP: '10.96.0.5' }), [{ ip: '10.96.0.5' }]],
    ['headless: none', svc({ clusterIP: 'None' }), []],
    ['missing: none', undefined, []],
  ];
  for (const [name, service, want] of cases) it(`Service: ${name}`, () => assert.deepEqual(serviceAddresses(service), want));
});

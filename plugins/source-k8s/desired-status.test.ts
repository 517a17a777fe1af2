import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { K8sObject, ObjectStatus } from '../../core/index.js';
import { desiredStatus, statusFingerprint } from './desired-status.js';
import { addressEntry, serviceAddresses } from './load-balancer-address.js';

const route = (state: ObjectStatus['state'], message?: string): ObjectStatus => ({
  ref: { kind: 'IngressRoute', namespace: 'team', name: 'web' },
  state,
  conditions: message ? [{ severity: 'error', reason: 'ServiceNotFound', message, field: 'spec.routes[0].services[0]' }] : [],
});
const ing: ObjectStatus = { ref: { kind: 'Ingress', namespace: 'team', name: 'web' }, state: 'valid', conditions: [] };

function svc(spec: Record<string, unknown>, status?: Record<string, unknown>): K8sObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'envoy', namespace: 'edge' }, spec, ...(status ? { status } : {}) };
}

describe('desired status', () => {
  it('IngressRoute: currentStatus and a description naming the field', () => {
    const d = desiredStatus(route('invalid', 'service "db" not found'), [])!;
    assert.equal(d.resource.plural, 'ingressroutes');
    assert.deepEqual(d.status, { currentStatus: 'invalid', description: 'spec.routes[0].services[0]: service "db" not found' });
  });

  it('Ingress: the load balancer address, and nothing when no address is known', () => {
    assert.equal(desiredStatus(ing, []), undefined);
    assert.deepEqual(desiredStatus(ing, [{ ip: '192.0.2.1' }])!.status, { loadBalancer: { ingress: [{ ip: '192.0.2.1' }] } });
  });

  it('other kinds: nothing', () => {
    assert.equal(desiredStatus({ ref: { kind: 'Service', namespace: 'a', name: 'b' }, state: 'valid', conditions: [] }, [{ ip: '192.0.2.1' }]), undefined);
  });

  const same: Array<[string, string, unknown, ObjectStatus, boolean]> = [
    ['IngressRoute equal', 'IngressRoute', { currentStatus: 'valid', description: 'valid IngressRoute' }, route('valid'), true],
    ['IngressRoute other description', 'IngressRoute', { currentStatus: 'invalid', description: 'old' }, route('invalid', 'new'), false],
    ['IngressRoute no status yet', 'IngressRoute', undefined, route('valid'), false],
    ['Ingress equal (ports ignored)', 'Ingress', { loadBalancer: { ingress: [{ ip: '192.0.2.1', ports: [{ port: 80 }] }] } }, ing, true],
    ['Ingress other address', 'Ingress', { loadBalancer: { ingress: [{ ip: '192.0.2.9' }] } }, ing, false],
    ['Ingress empty', 'Ingress', { loadBalancer: {} }, ing, false],
  ];
  for (const [name, kind, live, s, equal] of same) {
    it(`live vs wanted: ${name} → ${equal ? 'skip' : 'write'}`, () => {
      assert.equal(statusFingerprint(kind, live) === desiredStatus(s, [{ ip: '192.0.2.1' }])!.fingerprint, equal);
    });
  }
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

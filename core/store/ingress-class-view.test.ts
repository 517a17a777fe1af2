import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { K8sObject } from '../model/k8s-object.js';
import { ingressClassView, ownsObject, type IngressClassPolicy } from './ingress-class-view.js';
import { ObjectStore } from './object-store.js';

const policy: IngressClassPolicy = { className: 'isobar', controllerName: 'isobar.io/ingress-controller', handleUnclassed: true };

function ing(name: string, extra: { className?: string; annotation?: string } = {}): K8sObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: 'ns', ...(extra.annotation !== undefined ? { annotations: { 'kubernetes.io/ingress.class': extra.annotation } } : {}) },
    spec: extra.className ? { ingressClassName: extra.className } : {},
  };
}

function cls(name: string, controller: string): K8sObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name }, spec: { controller } };
}

function storeWith(objects: K8sObject[]): ObjectStore {
  const store = new ObjectStore();
  store.replaceAll('t', objects.map((object) => ({ object, origin: { source: 't' } })));
  return store;
}

describe('ingress class ownership', () => {
  const store = storeWith([cls('mine', 'isobar.io/ingress-controller'), cls('nginx', 'k8s.io/ingress-nginx')]);

  it('matches spec.ingressClassName by name or through an IngressClass of this controller', () => {
    assert.equal(ownsObject(ing('a', { className: 'isobar' }), store, policy), true);
    assert.equal(ownsObject(ing('b', { className: 'mine' }), store, policy), true);
    assert.equal(ownsObject(ing('c', { className: 'nginx' }), store, policy), false);
    assert.equal(ownsObject(ing('d', { className: 'absent' }), store, policy), false);
  });

  it('lets the annotation win over spec.ingressClassName', () => {
    assert.equal(ownsObject(ing('a', { annotation: 'isobar', className: 'nginx' }), store, policy), true);
    assert.equal(ownsObject(ing('b', { annotation: 'nginx', className: 'mine' }), store, policy), false);
  });

  it('serves unclassed objects only when handleUnclassed is set', () => {
    assert.equal(ownsObject(ing('a'), store, policy), true);
    assert.equal(ownsObject(ing('a'), store, { ...policy, handleUnclassed: false }), false);
  });

  it('hides other classes from list and get, and leaves other kinds alone', () => {
    const s = storeWith([cls('nginx', 'k8s.io/ingress-nginx'), ing('ours'), ing('theirs', { className: 'nginx' })]);
    const view = ingressClassView(s, policy);
    assert.deepEqual(view.list('Ingress').map((o) => o.object.metadata.name), ['ours']);
    assert.equal(view.get('Ingress', 'ns', 'theirs'), undefined);
    assert.ok(view.get('Ingress', 'ns', 'ours'));
    assert.equal(view.list('IngressClass').length, 1);
  });
});

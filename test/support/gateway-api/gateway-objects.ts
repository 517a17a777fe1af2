/** Gateway API test objects (plain data, as a source would deliver them). */
import type { K8sObject } from '../../../core/model/k8s-object.js';

const V1 = 'gateway.networking.k8s.io/v1';

export function gatewayClass(name = 'isobar', controllerName = 'isobar.io/gateway-controller', extra: Record<string, unknown> = {}): K8sObject {
  return { apiVersion: V1, kind: 'GatewayClass', metadata: { name, generation: 1 }, spec: { controllerName, ...extra } };
}

export function gateway(ns: string, name: string, listeners: unknown[], extra: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): K8sObject {
  return { apiVersion: V1, kind: 'Gateway', metadata: { name, namespace: ns, generation: 1, ...meta }, spec: { gatewayClassName: 'isobar', listeners, ...extra } };
}

export function httpListener(name: string, port: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, port, protocol: 'HTTP', ...extra };
}

export function httpRoute(ns: string, name: string, spec: Record<string, unknown>, meta: Record<string, unknown> = {}): K8sObject {
  return { apiVersion: V1, kind: 'HTTPRoute', metadata: { name, namespace: ns, generation: 1, ...meta }, spec };
}

export function referenceGrant(ns: string, name: string, from: unknown[], to: unknown[]): K8sObject {
  return { apiVersion: 'gateway.networking.k8s.io/v1beta1', kind: 'ReferenceGrant', metadata: { name, namespace: ns }, spec: { from, to } };
}

export function namespace(name: string, labels: Record<string, string> = {}): K8sObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function backendTlsPolicy(ns: string, name: string, spec: Record<string, unknown>, meta: Record<string, unknown> = {}): K8sObject {
  return { apiVersion: V1, kind: 'BackendTLSPolicy', metadata: { name, namespace: ns, generation: 1, ...meta }, spec };
}

export function configMap(ns: string, name: string, data: Record<string, string>): K8sObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data } as K8sObject;
}

/** A ListenerSet adding `listeners` to Gateway `parent` (`namespace/name`, or a name in the set's namespace). */
export function listenerSet(ns: string, name: string, parent: string, listeners: unknown[], meta: Record<string, unknown> = {}): K8sObject {
  const [parentNs, parentName] = parent.includes('/') ? parent.split('/') : [undefined, parent];
  const parentRef = { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: parentName, ...(parentNs ? { namespace: parentNs } : {}) };
  return { apiVersion: V1, kind: 'ListenerSet', metadata: { name, namespace: ns, generation: 1, ...meta }, spec: { parentRef, listeners } };
}

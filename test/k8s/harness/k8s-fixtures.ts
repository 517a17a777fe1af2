import type { KubeObjectLike } from './resource-mapper.js';

/** A ClusterIP Service with one named TCP port. */
export function service(namespace: string, name: string, port = 80): KubeObjectLike {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { selector: { app: name }, ports: [{ name: 'http', port, targetPort: port, protocol: 'TCP' }] },
  };
}

/**
 * An EndpointSlice for `svc`. The API server refuses loopback addresses here, so tests use addresses
 * from 10.0.0.0/8 and check Envoy's loaded endpoints rather than sending traffic to them.
 */
export function endpointSlice(namespace: string, svc: string, addresses: string[], port = 80, suffix = 'a'): KubeObjectLike {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${svc}-${suffix}`, namespace, labels: { 'kubernetes.io/service-name': svc } },
    addressType: 'IPv4',
    ports: [{ name: 'http', port, protocol: 'TCP' }],
    endpoints: addresses.map((a) => ({ addresses: [a], conditions: { ready: true } })),
  };
}

export function ingress(namespace: string, name: string, host: string, svc: string, options: { path?: string; port?: number; className?: string; annotations?: Record<string, string> } = {}): KubeObjectLike {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace, ...(options.annotations ? { annotations: options.annotations } : {}) },
    spec: {
      ...(options.className ? { ingressClassName: options.className } : {}),
      rules: [
        {
          host,
          http: { paths: [{ path: options.path ?? '/', pathType: 'Prefix', backend: { service: { name: svc, port: { number: options.port ?? 80 } } } }] },
        },
      ],
    },
  };
}

export function ingressRoute(namespace: string, name: string, fqdn: string, svc: string, port = 80): KubeObjectLike {
  return {
    apiVersion: 'contour.heptio.com/v1beta1',
    kind: 'IngressRoute',
    metadata: { name, namespace },
    spec: { virtualhost: { fqdn }, routes: [{ match: '/', services: [{ name: svc, port }] }] },
  };
}

import { type HTTPIngressPath, type IngressBackend, type IngressSpec, type ServiceBackendPort } from '../../core/index.js';

/** A backend in the v1 shape, whatever apiVersion the Ingress was written in. */
export interface NormalBackend {
  service?: { name: string; port: ServiceBackendPort };
  resourceKind?: string;
}

/** extensions/v1beta1 and networking.k8s.io/v1beta1 wrote `serviceName`/`servicePort`; v1 nests them. */
export function normalizeBackend(b: IngressBackend | undefined): NormalBackend | undefined {
  if (!b) return undefined;
  if (b.resource) return { resourceKind: b.resource.kind };
  if (b.service) return { service: { name: b.service.name, port: b.service.port ?? {} } };
  if (b.serviceName !== undefined) return { service: { name: b.serviceName, port: parsePort(b.servicePort) } };
  return undefined;
}

function parsePort(p: number | string | undefined): ServiceBackendPort {
  if (typeof p === 'number') return { number: p };
  if (typeof p === 'string' && /^\d+$/.test(p)) return { number: Number(p) };
  if (typeof p === 'string') return { name: p };
  return {};
}

/** v1beta1 called the default backend `spec.backend`. */
export function defaultBackendOf(spec: IngressSpec): { backend: IngressBackend; field: string } | undefined {
  if (spec.defaultBackend) return { backend: spec.defaultBackend, field: 'spec.defaultBackend' };
  if (spec.backend) return { backend: spec.backend, field: 'spec.backend' };
  return undefined;
}

/** pathType defaults to ImplementationSpecific (the only behaviour of the v1beta1 forms). */
export function pathTypeOf(p: HTTPIngressPath): NonNullable<HTTPIngressPath['pathType']> {
  return p.pathType ?? 'ImplementationSpecific';
}

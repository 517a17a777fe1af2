/** Typed views of the Kubernetes kinds the core processors read. */
import type { K8sObject } from './k8s-object.js';

export interface ServiceBackendPort {
  name?: string;
  number?: number;
}

export interface IngressBackend {
  service?: { name: string; port?: ServiceBackendPort };
  resource?: { apiGroup?: string; kind: string; name: string };
  /** extensions/v1beta1 and networking.k8s.io/v1beta1 form. */
  serviceName?: string;
  servicePort?: number | string;
}

export interface HTTPIngressPath {
  path?: string;
  pathType?: 'Exact' | 'Prefix' | 'ImplementationSpecific';
  backend: IngressBackend;
}

export interface IngressRule {
  host?: string;
  http?: { paths: HTTPIngressPath[] };
}

export interface IngressTLS {
  hosts?: string[];
  secretName?: string;
}

export interface IngressSpec {
  ingressClassName?: string;
  defaultBackend?: IngressBackend;
  /** v1beta1 name of defaultBackend. */
  backend?: IngressBackend;
  rules?: IngressRule[];
  tls?: IngressTLS[];
}

export interface Ingress extends K8sObject {
  kind: 'Ingress';
  spec: IngressSpec;
}

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
  appProtocol?: string;
}

export interface Service extends K8sObject {
  kind: 'Service';
  spec: {
    type?: string;
    ports?: ServicePort[];
    externalName?: string;
    clusterIP?: string;
  };
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol?: string;
}

export interface EndpointAddress {
  ip: string;
  hostname?: string;
}

export interface Endpoints extends K8sObject {
  kind: 'Endpoints';
  subsets?: Array<{ addresses?: EndpointAddress[]; notReadyAddresses?: EndpointAddress[]; ports?: EndpointPort[] }>;
}

export interface EndpointSlice extends K8sObject {
  kind: 'EndpointSlice';
  addressType?: string;
  endpoints?: Array<{ addresses: string[]; conditions?: { ready?: boolean | null; serving?: boolean | null; terminating?: boolean | null } }>;
  ports?: Array<{ name?: string; port?: number; protocol?: string }> | null;
}

export interface Secret extends K8sObject {
  kind: 'Secret';
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export interface IngressClass extends K8sObject {
  kind: 'IngressClass';
  spec?: { controller?: string };
}

import type { K8sObject } from './k8s-object.js';
import { CLASS_ANNOTATIONS } from '../store/ingress-class-view.js';

/** contour.heptio.com/v1beta1 IngressRoute, as the seed article and Contour's docs describe it. */
export interface IngressRouteService {
  name: string;
  port: number;
  weight?: number;
  strategy?: string;
  healthCheck?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface Delegate {
  name: string;
  namespace?: string;
}

export interface IngressRouteRoute {
  match: string;
  services?: IngressRouteService[];
  delegate?: Delegate;
  enableWebsockets?: boolean;
  permitInsecure?: boolean;
  prefixRewrite?: string;
  timeoutPolicy?: Record<string, unknown>;
  retryPolicy?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface TcpProxySpec {
  services?: IngressRouteService[];
  delegate?: Delegate;
}

export interface IngressRouteSpec {
  virtualhost?: {
    fqdn: string;
    tls?: { secretName?: string; minimumProtocolVersion?: string; passthrough?: boolean };
  };
  routes?: IngressRouteRoute[];
  tcpproxy?: TcpProxySpec;
}

export interface IngressRoute extends K8sObject {
  kind: 'IngressRoute';
  spec: IngressRouteSpec;
}

export const INGRESSROUTE_KIND_NAME = 'IngressRoute';

/** The annotations an IngressRoute is read for: class selection's only (its features are spec fields). */
export const INGRESSROUTE_ANNOTATIONS: ReadonlySet<string> = new Set(CLASS_ANNOTATIONS);

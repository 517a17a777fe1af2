/** The Gateway API objects as isobar reads them (gateway.networking.k8s.io): only the fields it uses are typed. */
import type { K8sObject } from '../../core/index.js';

export const GROUP = 'gateway.networking.k8s.io';

export interface ParentReference {
  group?: string;
  kind?: string;
  namespace?: string;
  name: string;
  sectionName?: string;
  port?: number;
}

export interface BackendRef {
  group?: string;
  kind?: string;
  namespace?: string;
  name: string;
  port?: number;
  weight?: number;
  filters?: HttpRouteFilter[];
}

export interface SecretObjectReference {
  group?: string;
  kind?: string;
  namespace?: string;
  name: string;
}

export interface GatewayClass extends K8sObject {
  spec: { controllerName: string; parametersRef?: { group: string; kind: string; name: string; namespace?: string }; description?: string };
}

export interface RouteGroupKind {
  group?: string;
  kind: string;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}

export interface GatewayListener {
  name: string;
  hostname?: string;
  port: number;
  protocol: string;
  tls?: { mode?: 'Terminate' | 'Passthrough'; certificateRefs?: SecretObjectReference[]; options?: Record<string, string> };
  allowedRoutes?: {
    namespaces?: { from?: 'All' | 'Same' | 'Selector' | 'None'; selector?: LabelSelector };
    kinds?: RouteGroupKind[];
  };
}

export interface Gateway extends K8sObject {
  spec: {
    gatewayClassName: string;
    listeners: GatewayListener[];
    addresses?: Array<{ type?: string; value?: string }>;
    /** TLS towards clients: how each HTTPS listener's port checks client certificates. */
    tls?: {
      frontend?: { default?: { validation?: FrontendValidation }; perPort?: Array<{ port: number; tls?: { validation?: FrontendValidation } }> };
      /** TLS towards backends: the certificate Envoy presents where a BackendTLSPolicy makes it speak TLS. */
      backend?: { clientCertificateRef?: SecretObjectReference };
    };
    /** What the Gateway's own Envoy fleet carries: labels and annotations for what isobar creates for it. */
    infrastructure?: { labels?: Record<string, string>; annotations?: Record<string, string>; parametersRef?: { group: string; kind: string; name: string } };
    /** Which namespaces' ListenerSets may add listeners to this Gateway (absent: none). */
    allowedListeners?: { namespaces?: { from?: 'All' | 'Same' | 'Selector' | 'None'; selector?: LabelSelector } };
  };
}

/** More listeners for a Gateway (spec.parentRef), kept in an object of their own. */
export interface ListenerSet extends K8sObject {
  spec: {
    parentRef: { group?: string; kind?: string; name: string; namespace?: string };
    listeners?: GatewayListener[];
  };
}

/** Client certificate validation: CA certificates (ConfigMaps) and whether a client without a valid one is let in. */
export interface FrontendValidation {
  caCertificateRefs?: Array<{ group?: string; kind?: string; name: string; namespace?: string }>;
  mode?: 'AllowValidOnly' | 'AllowInsecureFallback';
}

export interface HttpHeader {
  name: string;
  value: string;
}

export interface HttpHeaderFilter {
  set?: HttpHeader[];
  add?: HttpHeader[];
  remove?: string[];
}

export interface HttpPathModifier {
  type: 'ReplaceFullPath' | 'ReplacePrefixMatch';
  replaceFullPath?: string;
  replacePrefixMatch?: string;
}

export interface HttpRouteFilter {
  type: string;
  requestHeaderModifier?: HttpHeaderFilter;
  responseHeaderModifier?: HttpHeaderFilter;
  requestRedirect?: { scheme?: 'http' | 'https'; hostname?: string; path?: HttpPathModifier; port?: number; statusCode?: number };
  urlRewrite?: { hostname?: string; path?: HttpPathModifier };
  requestMirror?: { backendRef: BackendRef; percent?: number; fraction?: { numerator: number; denominator?: number } };
  extensionRef?: { group: string; kind: string; name: string };
  cors?: HttpCorsFilter;
}

export interface HttpCorsFilter {
  allowOrigins?: string[];
  allowCredentials?: boolean;
  allowMethods?: string[];
  allowHeaders?: string[];
  exposeHeaders?: string[];
  /** Seconds; the API server defaults it to 5. */
  maxAge?: number;
}

export interface HttpRouteRetry {
  codes?: number[];
  /** Retries after the first attempt; the API server defaults it to 1. */
  attempts?: number;
  /** Gateway API duration: the first wait between attempts. */
  backoff?: string;
}

export interface HttpRouteMatch {
  path?: { type?: 'Exact' | 'PathPrefix' | 'RegularExpression'; value?: string };
  headers?: Array<{ type?: 'Exact' | 'RegularExpression'; name: string; value: string }>;
  queryParams?: Array<{ type?: 'Exact' | 'RegularExpression'; name: string; value: string }>;
  method?: string;
}

export interface HttpRouteRule {
  name?: string;
  matches?: HttpRouteMatch[];
  filters?: HttpRouteFilter[];
  backendRefs?: BackendRef[];
  timeouts?: { request?: string; backendRequest?: string };
  retry?: HttpRouteRetry;
}

export interface HttpRoute extends K8sObject {
  spec: { parentRefs?: ParentReference[]; hostnames?: string[]; rules?: HttpRouteRule[] };
}

export interface ReferenceGrant extends K8sObject {
  spec: {
    from: Array<{ group: string; kind: string; namespace: string }>;
    to: Array<{ group: string; kind: string; name?: string }>;
  };
}

export interface TlsRoute extends K8sObject {
  spec: { parentRefs?: ParentReference[]; hostnames?: string[]; rules?: Array<{ name?: string; backendRefs?: BackendRef[] }> };
}

/** A TCPRoute: a TLSRoute without hostnames (a TCP port has no name to choose by). */
export interface TcpRoute extends K8sObject {
  spec: { parentRefs?: ParentReference[]; rules?: Array<{ name?: string; backendRefs?: BackendRef[] }> };
}

export interface GrpcRoute extends K8sObject {
  spec: { parentRefs?: ParentReference[]; hostnames?: string[]; rules?: import('./grpcroute-rules.js').GrpcRouteRule[] };
}

export interface BackendTlsPolicyTargetRef {
  group: string;
  kind: string;
  name: string;
  /** A Service port's name; absent: every port of the Service. */
  sectionName?: string;
}

export interface BackendTlsSubjectAltName {
  type: 'Hostname' | 'URI';
  hostname?: string;
  uri?: string;
}

export interface BackendTlsPolicy extends K8sObject {
  spec?: {
    targetRefs?: BackendTlsPolicyTargetRef[];
    validation?: {
      caCertificateRefs?: Array<{ group?: string; kind?: string; name: string }>;
      wellKnownCACertificates?: string;
      hostname?: string;
      subjectAltNames?: BackendTlsSubjectAltName[];
    };
  };
}

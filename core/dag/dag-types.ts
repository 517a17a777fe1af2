import type { ObjectRef, StoredObject } from '../model/k8s-object.js';
import type { ServicePort } from '../model/kinds.js';
import { Attributes } from './attributes.js';

export type PathMatch =
  | { kind: 'exact'; path: string }
  /** Kubernetes `Prefix`: whole path segments, `/foo` matches `/foo` and `/foo/bar`, not `/foobar`. */
  | { kind: 'segment-prefix'; path: string }
  /** Plain string prefix (ImplementationSpecific and the v1beta1 forms). */
  | { kind: 'prefix'; path: string }
  | { kind: 'regex'; pattern: string };

/**
 * Where a DAG node came from: the object, the field path, and the raw spec fragment at that path.
 * Feature plugins read their own fields from `spec` (e.g. a route's `enableWebsockets`), so core never
 * has to know them.
 */
export interface NodeOrigin {
  object: StoredObject;
  field: string;
  spec: Readonly<Record<string, unknown>>;
}

export interface WeightedBackend {
  cluster: DagCluster;
  weight: number;
  /** The service entry this backend was written as (IngressRoute `services[i]`). */
  origin?: NodeOrigin;
  /** Header edits of the requests sent to this backend alone, and of its answers. */
  requestHeaders?: HeaderEdits;
  responseHeaders?: HeaderEdits;
}

/** Where a redirect sends the client: each part absent keeps the request's own. */
export interface RedirectTarget {
  scheme?: 'http' | 'https';
  host?: string;
  port?: number;
  /** The whole path replaced, or the matched prefix replaced (the route's match must be a prefix). */
  path?: { kind: 'full'; value: string } | { kind: 'prefix'; value: string };
  /** 301, 302, 303, 307 or 308 (any other is sent as 301). */
  status: number;
}

export type RouteAction =
  /**
   * `unusableWeight`: a share of requests, weighed against the backends' weights, answered 500 because
   * the backends written for it cannot be used (Gateway API's rule for an unresolved backendRef).
   */
  | { kind: 'forward'; backends: WeightedBackend[]; unusableWeight?: number }
  | { kind: 'redirect-https'; port?: number }
  | ({ kind: 'redirect' } & RedirectTarget)
  | { kind: 'direct'; status: number; body: string };

/** A condition on a request header or query parameter: equal to `value`, or matching the RE2 `value` in full. */
export interface ValueMatch {
  name: string;
  kind: 'exact' | 'regex';
  value: string;
}

/** Header edits, applied in this order: set (replace), add (append), remove. */
export interface HeaderEdits {
  set: ReadonlyArray<{ name: string; value: string }>;
  add: ReadonlyArray<{ name: string; value: string }>;
  remove: readonly string[];
}

/** A copy of each request (or of `percent` of them) sent to another backend, whose answer is dropped. */
export interface RequestMirror {
  cluster: DagCluster;
  /** 0-100, fractions allowed; absent: every request. */
  percent?: number;
}

/** A whole string equal to `value`, or matching the RE2 `value` in full. */
export interface StringMatch {
  kind: 'exact' | 'regex';
  value: string;
}

/**
 * Cross-origin resource sharing on a route: Envoy answers a preflight from an allowed origin itself and
 * adds the Access-Control-* headers to the other answers to it; other origins get no CORS headers.
 */
export interface CorsPolicy {
  /** The origins allowed, each matched against the whole Origin header. */
  allowOrigins: readonly StringMatch[];
  /** Methods a preflight may ask for; `['*']`: whichever one it asks for. */
  allowMethods: readonly string[];
  /** Request headers a preflight may ask for; `['*']`: those it asks for. */
  allowHeaders: readonly string[];
  /** Response headers scripts of the origin may read. */
  exposeHeaders: readonly string[];
  /** Access-Control-Allow-Credentials: true. */
  allowCredentials: boolean;
  /** How long a browser may keep a preflight's answer, in seconds; absent: no Access-Control-Max-Age. */
  maxAgeSeconds?: number;
}

export interface PathRewrite {
  /** Regex applied to the path; the match is replaced by `substitution` (RE2, `\1` for groups). */
  pattern: string;
  substitution: string;
}

export interface DagRoute {
  match: PathMatch;
  /** RE2 the :authority must match in full (used to give `*.example.com` its one-label meaning). */
  authorityRegex?: string;
  /** Further conditions, all of which a request must meet too (Gateway API header, query and method matches). */
  headers?: readonly ValueMatch[];
  queryParams?: readonly ValueMatch[];
  method?: string;
  action: RouteAction;
  rewrite?: PathRewrite;
  /** The Host header sent upstream instead of the client's. */
  hostRewrite?: string;
  requestHeaders?: HeaderEdits;
  responseHeaders?: HeaderEdits;
  mirrors?: readonly RequestMirror[];
  cors?: CorsPolicy;
  /** The object this route came from: owner for conflicts, status and tie-breaking. */
  owner: ObjectRef;
  /** Sorts owners deterministically when the same match is claimed twice (older first). */
  ownerRank: string;
  /** Field of the owner that produced this route, for status messages. */
  ownerField?: string;
  /**
   * How strongly the owner claims the virtual host (Gateway API: the route's own hostname that gave it,
   * more specific is stronger). A stronger claim's routes all match before a weaker one's, whatever their
   * paths; absent: 0.
   */
  hostRank?: number;
  /** A default backend: matches last and silently gives way to any other route with the same match. */
  fallback?: boolean;
  /** The route entry this came from (IngressRoute `routes[i]`), for feature plugins. */
  origin?: NodeOrigin;
  attributes: Attributes;
}

/** Where a listener is; what a processor declares to create one. */
export interface ListenerDefinition {
  /** The Envoy listener name, stable: what Envoy keys the listener by (a new name means a new listener). */
  name: string;
  address: string;
  port: number;
  /**
   * Which Envoy fleet serves this listener (e.g. one per Gateway API Gateway, `gateway/<ns>/<name>`);
   * absent: the default fleet, the Envoys started without one. A fleet's Envoys get only its listeners
   * and what those refer to, so listeners of different fleets never merge.
   */
  fleet?: string;
  /**
   * Requests go upstream with the Host header as the client sent it, port included (Gateway API asks
   * so); hosts still match without the port. Absent: the port is stripped (Ingress, IngressRoute).
   */
  keepHostPort?: boolean;
  /**
   * How many labels a `*.` host stands for: 'one' (Kubernetes Ingress, the default: deeper names fall
   * through to the catch-all host's routes) or 'any' (Gateway API, as Envoy's domain match has it).
   */
  wildcardLabels?: 'one' | 'any';
}

/**
 * Where Envoy accepts connections, and which hosts attach there. HTTP: one route configuration for all
 * its hosts, named `routeConfigName`. HTTPS: a filter chain per host, chosen by SNI, each with its own
 * route configuration `routeConfigName/host` (the TLS hosts keep their certificates apart).
 */
export interface DagListener<V extends DagVirtualHost = DagVirtualHost> extends ListenerDefinition {
  protocol: 'HTTP' | 'HTTPS';
  routeConfigName: string;
  virtualHosts: Map<string, V>;
  attributes: Attributes;
}

export interface DagHttpListener extends DagListener<DagVirtualHost> {
  protocol: 'HTTP';
}

export interface DagHttpsListener extends DagListener<DagSecureVirtualHost> {
  protocol: 'HTTPS';
}

export interface DagVirtualHost {
  /** `*` for the catch-all host. */
  host: string;
  routes: DagRoute[];
  attributes: Attributes;
}

export interface DagSecureVirtualHost extends DagVirtualHost {
  /** The certificate Envoy terminates TLS with; absent for TLS passthrough (the backend terminates). */
  secret?: DagSecret;
  minTlsVersion?: '1.1' | '1.2' | '1.3';
  /**
   * Clients must present a certificate signed by one of `caPem` ('require'), or may present none or any
   * ('optional': a certificate is asked for and verification failures are let through).
   */
  clientValidation?: { caPem: string; mode: 'require' | 'optional' };
  /** The object that claimed this host (root IngressRoute or Ingress). */
  origin?: NodeOrigin;
  /**
   * The virtual hosts behind this TLS host's filter chain, when they are not just the TLS host itself: a
   * Gateway listener for `*.example.com` serves routes for `a.example.com` and `b.example.com` behind one
   * certificate. Absent: the chain's route configuration is this host and its own `routes`.
   */
  virtualHosts?: Map<string, DagVirtualHost>;
  /**
   * Connections for this TLS host are accepted and closed at once, nothing read or sent: a passthrough
   * route whose backends are all unusable. Clients see the connection end, as Gateway API asks, rather
   * than no listener at all.
   */
  refuse?: boolean;
}

/** The virtual hosts a TLS host's chain routes to (see DagSecureVirtualHost.virtualHosts). */
export function chainHosts(vh: DagSecureVirtualHost): DagVirtualHost[] {
  return vh.virtualHosts ? [...vh.virtualHosts.values()] : [vh];
}

export interface DagSecret {
  /** `namespace/name` of the Kubernetes Secret; the SDS resource name. */
  name: string;
  certificateChain: string;
  privateKey: string;
}

export interface DagCluster {
  service: ObjectRef;
  port: ServicePort;
  /** Key of the endpoints: `namespace/service/port`. */
  endpointsName: string;
  /** Service type ExternalName: resolve this DNS name instead of using endpoints. */
  externalName?: string;
  /** The service entry that asked for this cluster variant (IngressRoute `services[i]`), for feature plugins. */
  origin?: NodeOrigin;
  /** What sets this variant apart from the plain cluster of the same service port (part of its name). */
  variant?: string;
  /**
   * Speak HTTP/2 without TLS to the backend whatever its port's appProtocol says (gRPC needs it); a port
   * with appProtocol `kubernetes.io/h2c` gets HTTP/2 anyway.
   */
  http2?: boolean;
  /** Speak TLS to the backend, checking its certificate; absent: plaintext. Part of the cluster's identity. */
  upstreamTls?: UpstreamTls;
  attributes: Attributes;
}

/** A subject alternative name a backend's certificate may carry: a DNS name or a URI (a SPIFFE ID, say). */
export interface SubjectAltName {
  kind: 'dns' | 'uri';
  value: string;
}

/** TLS from Envoy to a backend (Gateway API BackendTLSPolicy, say). */
export interface UpstreamTls {
  /** The SNI sent; without `subjectAltNames`, also the DNS name the certificate must be valid for. */
  sni: string;
  /** PEM certificates of the CAs the backend's certificate must chain to. */
  caPem: string;
  /** When given, the certificate must carry one of these instead (then `sni` is not checked). */
  subjectAltNames?: readonly SubjectAltName[];
  /** The name of the DAG secret (`namespace/name`) whose certificate Envoy presents to the backend. */
  clientCertificate?: string;
}

/** What a backend resolver is told about TLS for the service port it resolved: TLS to use, or a reason not to use the port at all. */
export type UpstreamTlsChoice = { tls: UpstreamTls } | { refuse: string } | undefined;

export function newAttributes(): Attributes {
  return new Attributes();
}

/** Every cluster a route sends requests to: its backends and its mirrors. */
export function routeClusters(r: DagRoute): DagCluster[] {
  const backends = r.action.kind === 'forward' ? r.action.backends.map((b) => b.cluster) : [];
  return [...backends, ...(r.mirrors ?? []).map((m) => m.cluster)];
}

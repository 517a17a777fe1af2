import type { XdsConfigSourceKind } from './config-source.js';

export interface ListenerSettings {
  address: string;
  port: number;
}

/** Everything the translators need beyond the DAG; derived from the config file. */
export interface TranslateSettings {
  http: ListenerSettings;
  https: ListenerSettings;
  /** Port put in HTTPS redirects; 443 leaves the port out of the Location header. */
  httpsRedirectPort: number;
  connectTimeoutMs: number;
  /** Write an access log line per request to Envoy's stdout. */
  accessLog: boolean;
  /** How listeners and clusters refer to routes, endpoints and secrets (see config-source.ts). Default 'ads'. */
  xdsConfigSource?: XdsConfigSourceKind;
  /**
   * Also build, per host, the API listener and `grpc/<host>` route configuration that proxyless gRPC
   * clients ask for by name (`xds:///host`). Off, they cost nothing (at 10k hosts they were a third of
   * every build).
   */
  proxylessGrpc?: boolean;
  /**
   * Give every virtual host a virtual cluster matching all its requests, so that Envoy keeps request,
   * response-code and latency stats per host (`vhost.<name>.vcluster.all.*`). Envoy keeps no per-host
   * stats otherwise; they cost memory per host. Default off here (the config's default is on).
   */
  perHostStats?: boolean;
}

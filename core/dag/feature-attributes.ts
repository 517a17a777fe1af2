import type { DagCluster } from './dag-types.js';
import { AttributeKey } from './attributes.js';

/**
 * DAG attributes that more than one routing API sets and one feature plugin turns into Envoy fields:
 * each API reads its own fields (IngressRoute `enableWebsockets`, Gateway API `appProtocol`), the
 * feature's translator hook stays the only place that knows the Envoy side.
 */

/** The route lets WebSocket upgrades through (feature websocket). */
export const WEBSOCKETS = new AttributeKey<true>('websocket.enabled');

/** The route's request timeout in ms; 0 disables it (feature timeout-retry). */
export const ROUTE_TIMEOUT = new AttributeKey<number>('timeout-retry.timeout');

export interface RetrySettings {
  /** How many times Envoy retries after the first attempt (0: only the bound on each attempt applies). */
  count: number;
  /** Bound on each attempt; absent: each attempt may use what is left of the route timeout. */
  perTryTimeoutMs?: number;
}

/** The route's retries (feature timeout-retry). */
export const ROUTE_RETRY = new AttributeKey<RetrySettings>('timeout-retry.retry');

/** One destination of a TCP proxy. */
export interface TcpBackend {
  cluster: DagCluster;
  /** Relative share of new connections, at least 1 (Envoy refuses a weighted cluster of 0). */
  weight: number;
}

/** Set on a secure host whose TLS connections go to a TCP proxy instead of HTTP routing (feature tcp-proxy). */
export const TCP_BACKENDS = new AttributeKey<readonly TcpBackend[]>('tcp-proxy.backends');

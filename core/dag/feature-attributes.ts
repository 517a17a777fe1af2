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

/**
 * Failures that are retried without an answer to look at: no connection to the backend, the backend
 * refusing the stream (HTTP/2 REFUSED_STREAM), the connection reset before the request was sent.
 */
export type RetryCondition = 'connect-failure' | 'refused-stream' | 'reset-before-request';

/** What a retry is for, when not the feature's default. */
export interface RetryOn {
  /** Answers with one of these status codes. */
  statusCodes: readonly number[];
  conditions: readonly RetryCondition[];
}

export interface RetrySettings {
  /** How many times Envoy retries after the first attempt (0: only the bound on each attempt applies). */
  count: number;
  /** Bound on each attempt; absent: each attempt may use what is left of the route timeout. */
  perTryTimeoutMs?: number;
  /** What is retried; absent: the timeout-retry feature's default (any 5xx, a reset, a failed connect). */
  on?: RetryOn;
  /** The first wait between attempts, in ms (later waits grow from it); absent: Envoy's 25 ms. */
  backoffBaseMs?: number;
}

/** The route's retries (feature timeout-retry). */
export const ROUTE_RETRY = new AttributeKey<RetrySettings>('timeout-retry.retry');

/**
 * The most retries in flight to a cluster at once, all requests together (feature timeout-retry). Envoy's
 * default, 3, drops retries a route promised as soon as a few requests fail together.
 */
export const CLUSTER_MAX_RETRIES = new AttributeKey<number>('timeout-retry.max-retries');

/** One destination of a TCP proxy. */
export interface TcpBackend {
  cluster: DagCluster;
  /** Relative share of new connections, at least 1 (Envoy refuses a weighted cluster of 0). */
  weight: number;
}

/** Set on a secure host whose TLS connections go to a TCP proxy instead of HTTP routing (feature tcp-proxy). */
export const TCP_BACKENDS = new AttributeKey<readonly TcpBackend[]>('tcp-proxy.backends');

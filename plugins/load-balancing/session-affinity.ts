import { AttributeKey, envoy } from '../../core/index.js';

/** The cookie Envoy sets and hashes on for `strategy: Cookie` (Contour's is X-Contour-Session-Affinity). */
export const AFFINITY_COOKIE = 'X-Isobar-Session-Affinity';

/** Set on routes that send traffic to at least one cluster with `strategy: Cookie`. */
export const SESSION_AFFINITY = new AttributeKey<true>('load-balancing.session-affinity');

/**
 * The route's hash policy for session affinity. With a ttl present, Envoy sets the cookie itself on a
 * response to a request that lacked it; a ttl of 0 makes it a session cookie (gone when the browser
 * closes), which is what affinity should last. Path `/` so that the whole site shares one affinity.
 */
export function affinityHashPolicy(): envoy.RouteAction['hashPolicy'] {
  return envoy.RouteAction.fromPartial({ hashPolicy: [{ cookie: { name: AFFINITY_COOKIE, ttl: { seconds: 0, nanos: 0 }, path: '/' } }] }).hashPolicy;
}

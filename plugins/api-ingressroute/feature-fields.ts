/**
 * Which IngressRoute fields belong to which feature plugin. When the plugin is not loaded, an object
 * that uses the field gets a warning naming the plugin, and the field is ignored: never silence.
 */
export const ROUTE_FEATURE_FIELDS: Readonly<Record<string, string>> = {
  enableWebsockets: 'websocket',
  prefixRewrite: 'prefix-rewrite',
  timeoutPolicy: 'timeout-retry',
  retryPolicy: 'timeout-retry',
};

export const SERVICE_FEATURE_FIELDS: Readonly<Record<string, string>> = {
  weight: 'load-balancing',
  strategy: 'load-balancing',
  healthCheck: 'health-check',
};

export const TCP_PROXY_FEATURE = 'tcp-proxy';

/** Fields of `spec` (a route or service entry) whose feature is missing, as [field, feature] pairs. */
export function missingFeatures(spec: object, table: Readonly<Record<string, string>>, loaded: ReadonlySet<string>): Array<[string, string]> {
  return Object.keys(spec)
    .filter((f) => table[f] !== undefined && !loaded.has(table[f]!) && (spec as Record<string, unknown>)[f] !== undefined && (spec as Record<string, unknown>)[f] !== false)
    .map((f) => [f, table[f]!]);
}

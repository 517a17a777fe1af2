import { CLUSTER_MAX_RETRIES, durationFromString, ROUTE_RETRY, ROUTE_TIMEOUT, WEBSOCKETS, type BuildContext, type DagRoute, type RetrySettings, type StoredObject } from '../../core/index.js';
import type { HttpRouteRule } from './gateway-types.js';
import { readRetry } from './httproute-retry.js';

/**
 * Retries in flight at once to a backend that a rule retries, all requests together: a rule's `attempts`
 * are per request, which Envoy's default of 3 for the whole cluster would not keep under load.
 */
export const PARALLEL_RETRIES = 1024;

/** Kubernetes' appProtocols for WebSocket (KEP-3726). */
const WEBSOCKET_PROTOCOLS = new Set(['kubernetes.io/ws', 'kubernetes.io/wss']);

/** What a rule asks of the feature plugins: the attributes they translate, set only when the plugin is loaded. */
export interface RulePolicies {
  apply(route: DagRoute): void;
}

function milliseconds(ctx: BuildContext, obj: StoredObject, value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = durationFromString(value);
  if (ms === undefined || !Number.isFinite(ms)) {
    ctx.status.warn(obj, 'FieldInvalid', `${JSON.stringify(value)} is not a duration like "10s" or "500ms"; ignored`, field);
    return undefined;
  }
  return ms;
}

/** The rule's retries: `retry` if written, bounded per attempt by `timeouts.backendRequest` (0s: no bound). */
function retrySettings(ctx: BuildContext, obj: StoredObject, rule: HttpRouteRule, backendMs: number | undefined, field: string): RetrySettings | undefined {
  const perTry = backendMs !== undefined && backendMs > 0 ? { perTryTimeoutMs: backendMs } : {};
  if (rule.retry === undefined) return perTry.perTryTimeoutMs !== undefined ? { count: 0, ...perTry } : undefined;
  const { settings, problems } = readRetry(rule.retry);
  for (const p of problems) ctx.status.warn(obj, 'FieldInvalid', p.message, `${field}.retry.${p.field}`);
  return { ...settings, ...perTry };
}

/**
 * `timeouts.request` (the whole request, retries included; 0s: none), `timeouts.backendRequest` (each
 * attempt to the backend) and `retry` as the timeout-retry feature's attributes, and WebSocket upgrades
 * where a backend's port says it speaks WebSocket (appProtocol), as the websocket feature's. A policy
 * whose feature is not loaded is reported, not silently dropped.
 */
export function readRulePolicies(ctx: BuildContext, obj: StoredObject, rule: HttpRouteRule, field: string): RulePolicies {
  const request = milliseconds(ctx, obj, rule.timeouts?.request, `${field}.timeouts.request`);
  const backend = milliseconds(ctx, obj, rule.timeouts?.backendRequest, `${field}.timeouts.backendRequest`);
  const enabled = ctx.features.has('timeout-retry');
  const asked = [...(request !== undefined || backend !== undefined ? [['timeouts', 'timeouts need']] : []), ...(rule.retry !== undefined ? [['retry', 'retry needs']] : [])];
  for (const [name, subject] of enabled ? [] : asked) {
    ctx.status.warn(obj, 'FeatureDisabled', `${subject} the "timeout-retry" plugin, which is not enabled in the config; ignored`, `${field}.${name}`);
  }
  const retry = enabled ? retrySettings(ctx, obj, rule, backend, field) : undefined;
  return {
    apply(route) {
      if (enabled && request !== undefined) route.attributes.set(ROUTE_TIMEOUT, request);
      if (retry !== undefined) route.attributes.set(ROUTE_RETRY, retry);
      if (route.action.kind !== 'forward') return;
      if (retry !== undefined && retry.count > 0) for (const b of route.action.backends) b.cluster.attributes.set(CLUSTER_MAX_RETRIES, PARALLEL_RETRIES);
      if (!route.action.backends.some((b) => WEBSOCKET_PROTOCOLS.has(b.cluster.port.appProtocol ?? ''))) return;
      if (ctx.features.has('websocket')) route.attributes.set(WEBSOCKETS, true);
      else ctx.status.warn(obj, 'FeatureDisabled', 'a backend speaks WebSocket (appProtocol), which needs the "websocket" plugin, not enabled in the config; upgrades are refused', field);
    },
  };
}

import { durationFromString, ROUTE_RETRY, ROUTE_TIMEOUT, WEBSOCKETS, type BuildContext, type DagRoute, type StoredObject } from '../../core/index.js';
import type { HttpRouteRule } from './gateway-types.js';

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

/**
 * `timeouts.request` (the whole request; 0s: none) and `timeouts.backendRequest` (each attempt to the
 * backend) as the timeout-retry feature's attributes, and WebSocket upgrades where a backend's port says
 * it speaks WebSocket (appProtocol), as the websocket feature's. A policy whose feature is not loaded is
 * reported, not silently dropped.
 */
export function readRulePolicies(ctx: BuildContext, obj: StoredObject, rule: HttpRouteRule, field: string): RulePolicies {
  const request = milliseconds(ctx, obj, rule.timeouts?.request, `${field}.timeouts.request`);
  const backend = milliseconds(ctx, obj, rule.timeouts?.backendRequest, `${field}.timeouts.backendRequest`);
  const timeouts = request !== undefined || backend !== undefined;
  if (timeouts && !ctx.features.has('timeout-retry')) {
    ctx.status.warn(obj, 'FeatureDisabled', 'timeouts need the "timeout-retry" plugin, which is not enabled in the config; ignored', `${field}.timeouts`);
  }
  const useTimeouts = timeouts && ctx.features.has('timeout-retry');
  return {
    apply(route) {
      if (useTimeouts && request !== undefined) route.attributes.set(ROUTE_TIMEOUT, request);
      if (useTimeouts && backend !== undefined && backend > 0) route.attributes.set(ROUTE_RETRY, { count: 0, perTryTimeoutMs: backend });
      if (route.action.kind !== 'forward') return;
      if (!route.action.backends.some((b) => WEBSOCKET_PROTOCOLS.has(b.cluster.port.appProtocol ?? ''))) return;
      if (ctx.features.has('websocket')) route.attributes.set(WEBSOCKETS, true);
      else ctx.status.warn(obj, 'FeatureDisabled', 'a backend speaks WebSocket (appProtocol), which needs the "websocket" plugin, not enabled in the config; upgrades are refused', field);
    },
  };
}

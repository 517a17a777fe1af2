import type { DagHttpListener, DagHttpsListener, DagSecret, DagSecureVirtualHost, StoredObject } from '../../core/index.js';
import { ConditionSet } from './conditions.js';
import type { ClientValidation } from './frontend-validation.js';
import type { Gateway, GatewayListener, ListenerSet, RouteGroupKind } from './gateway-types.js';

/** Where an accepted listener's routes go in the DAG. */
export type ListenerTarget =
  /** An HTTP port: one route configuration; a route's hostnames are its virtual hosts. */
  | { protocol: 'HTTP'; listener: DagHttpListener }
  /** An HTTPS listener: its own TLS filter chain (by SNI), whose virtual hosts are the routes' hostnames. */
  | { protocol: 'HTTPS'; chain: DagSecureVirtualHost }
  /**
   * A TLS listener: its routes' hostnames become TLS filter chains (by SNI) proxying TCP, passing TLS
   * through, or (mode Terminate, `secret`) terminating it with the listener's certificate.
   */
  | { protocol: 'TLS'; listener: DagHttpsListener; secret?: DagSecret }
  /** A TCP listener: one filter chain for every connection (no SNI), proxying to its oldest route's backends. */
  | { protocol: 'TCP'; listener: DagHttpsListener };

/** One listener of a Gateway as this build sees it. */
export interface ListenerState {
  spec: GatewayListener;
  conditions: ConditionSet;
  supportedKinds: RouteGroupKind[];
  /** Routes attached to this listener (counted as routes attach). */
  attachedRoutes: number;
  /** Absent when the listener is not programmed. */
  target?: ListenerTarget;
  /** An HTTPS listener's certificate, once resolved. */
  secret?: DagSecret;
  /** How an HTTPS listener checks client certificates (the Gateway's spec.tls.frontend), once resolved. */
  clientValidation?: ClientValidation;
  /** Hostnames of the other programmed listeners on the same port (listener isolation). */
  samePort: (string | undefined)[];
}

/** What routes attach to: a Gateway or a ListenerSet, with its own listeners (never another's). */
export interface ListenerParent {
  obj: StoredObject;
  listeners: ListenerState[];
  /** Why routes cannot attach to it at all (a ListenerSet its Gateway did not take). */
  refusal?: string;
  /** The Gateway whose Envoy serves these listeners: itself, or a ListenerSet's parent. */
  gateway: GatewayState;
}

export interface GatewayState extends ListenerParent {
  obj: StoredObject<Gateway>;
  conditions: ConditionSet;
  listeners: ListenerState[];
  /** The certificate Envoy presents to TLS backends for this Gateway's routes (spec.tls.backend), once resolved. */
  backendClientCertificate?: DagSecret;
  /** The ListenerSets naming this Gateway as parent, in the spec's precedence (oldest first, then by namespace/name). */
  listenerSets: ListenerSetState[];
  /** The Envoy fleet serving this Gateway; absent: the default (shared) one. */
  fleet?: string;
}

/** A ListenerSet whose parent is one of isobar's Gateways; its listeners are served by that Gateway's Envoy. */
export interface ListenerSetState extends ListenerParent {
  obj: StoredObject<ListenerSet>;
  conditions: ConditionSet;
}

/** The listeners a Gateway's Envoy serves: its own, then those of the ListenerSets it took. */
export function servedListeners(gw: GatewayState): ListenerState[] {
  return [...gw.listeners, ...gw.listenerSets.filter((s) => s.conditions.isTrue('Accepted')).flatMap((s) => s.listeners)];
}

/** Whether the Gateway's status speaks of ListenerSets (some name it, or it lets some attach). */
function countsListenerSets(gw: GatewayState): boolean {
  return gw.listenerSets.length > 0 || (gw.obj.object.spec?.allowedListeners?.namespaces?.from ?? 'None') !== 'None';
}

function listenerEntries(listeners: readonly ListenerState[]): Record<string, unknown>[] {
  return listeners.map((l) => ({
    name: l.spec.name,
    supportedKinds: l.supportedKinds,
    attachedRoutes: l.attachedRoutes,
    conditions: l.conditions.all(),
  }));
}

/** A ListenerSet's status: its conditions and one entry per listener. */
export function listenerSetStatusDetail(s: ListenerSetState): Record<string, unknown> {
  return { conditions: s.conditions.all(), listeners: listenerEntries(s.listeners) };
}

/** What the Gateway's status says: the processor's verdict per listener, and the addresses known. */
export function gatewayStatusDetail(gw: GatewayState, addresses: ReadonlyArray<{ type: string; value: string }>): Record<string, unknown> {
  return {
    ...(addresses.length > 0 ? { addresses } : {}),
    conditions: gw.conditions.all(),
    listeners: listenerEntries(gw.listeners),
    ...(countsListenerSets(gw) ? { attachedListenerSets: gw.listenerSets.filter((s) => s.conditions.isTrue('Accepted')).length } : {}),
  };
}

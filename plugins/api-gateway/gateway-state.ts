import type { DagHttpListener, DagHttpsListener, DagSecret, DagSecureVirtualHost, StoredObject } from '../../core/index.js';
import { ConditionSet } from './conditions.js';
import type { ClientValidation } from './frontend-validation.js';
import type { Gateway, GatewayListener, RouteGroupKind } from './gateway-types.js';

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

export interface GatewayState {
  obj: StoredObject<Gateway>;
  conditions: ConditionSet;
  listeners: ListenerState[];
  /** The certificate Envoy presents to TLS backends for this Gateway's routes (spec.tls.backend), once resolved. */
  backendClientCertificate?: DagSecret;
  /** The Envoy fleet serving this Gateway; absent: the default (shared) one. */
  fleet?: string;
}

/** What the Gateway's status says: the processor's verdict per listener, and the addresses known. */
export function gatewayStatusDetail(gw: GatewayState, addresses: ReadonlyArray<{ type: string; value: string }>): Record<string, unknown> {
  return {
    ...(addresses.length > 0 ? { addresses } : {}),
    conditions: gw.conditions.all(),
    listeners: gw.listeners.map((l) => ({
      name: l.spec.name,
      supportedKinds: l.supportedKinds,
      attachedRoutes: l.attachedRoutes,
      conditions: l.conditions.all(),
    })),
  };
}

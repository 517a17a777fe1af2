import { GROUP, type GatewayListener, type RouteGroupKind } from './gateway-types.js';

/** The route kinds each listener protocol takes, in the order supportedKinds lists them. */
const KINDS_BY_PROTOCOL: Record<string, readonly string[]> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute'],
  TCP: ['TCPRoute'],
};

/** Listener protocols isobar serves. */
export function protocolSupported(protocol: string): boolean {
  return KINDS_BY_PROTOCOL[protocol] !== undefined;
}

export interface ListenerKinds {
  supported: RouteGroupKind[];
  /** Kinds the listener's allowedRoutes names that its protocol cannot take (InvalidRouteKinds). */
  invalid: RouteGroupKind[];
}

/** The route kinds a listener accepts: allowedRoutes.kinds that fit its protocol, else every kind it can take. */
export function listenerKinds(l: GatewayListener): ListenerKinds {
  const possible = KINDS_BY_PROTOCOL[l.protocol] ?? [];
  const wanted = l.allowedRoutes?.kinds;
  if (!wanted) return { supported: possible.map((kind) => ({ group: GROUP, kind })), invalid: [] };
  const supported: RouteGroupKind[] = [];
  const invalid: RouteGroupKind[] = [];
  for (const k of wanted) {
    const group = k.group ?? GROUP;
    if (group === GROUP && possible.includes(k.kind)) supported.push({ group, kind: k.kind });
    else invalid.push({ group, kind: k.kind });
  }
  return { supported, invalid };
}

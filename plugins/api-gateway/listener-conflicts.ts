import type { ConditionSet } from './conditions.js';
import type { GatewayListener } from './gateway-types.js';

export interface ListenerConflict {
  reason: 'ProtocolConflict' | 'HostnameConflict';
  /** For the Conflicted condition. */
  conflicted: string;
  /** For Accepted and Programmed. */
  refused: string;
}

/** Protocols that may share a port: HTTPS and TLS are both chosen by SNI. */
function compatible(a: string, b: string): boolean {
  return a === b || (a === 'HTTPS' && b === 'TLS') || (a === 'TLS' && b === 'HTTPS');
}

/** How a listener conflicts with others on its port, if it does: another protocol first, then the same protocol and hostname. */
export function conflictWith(l: GatewayListener, others: readonly GatewayListener[]): ListenerConflict | undefined {
  const samePort = others.filter((o) => o !== l && o.port === l.port);
  if (samePort.some((o) => !compatible(o.protocol, l.protocol))) {
    return { reason: 'ProtocolConflict', conflicted: `another listener uses port ${l.port} with another protocol`, refused: `port ${l.port} is used with another protocol by another listener` };
  }
  if (samePort.some((o) => o.protocol === l.protocol && (o.hostname ?? '') === (l.hostname ?? ''))) {
    return { reason: 'HostnameConflict', conflicted: `another ${l.protocol} listener on port ${l.port} has the same hostname`, refused: `another listener on port ${l.port} has the same hostname` };
  }
  return undefined;
}

/** A conflicted listener is neither accepted nor programmed, for the conflict's reason. */
export function markConflict(c: ConditionSet, conflict: ListenerConflict): void {
  c.set('Conflicted', true, conflict.reason, conflict.conflicted);
  c.set('Accepted', false, conflict.reason, conflict.refused).set('Programmed', false, conflict.reason, conflict.refused);
}

import type { StoreReader, StoredObject } from '../../core/index.js';
import { ConditionSet } from './conditions.js';
import type { GatewayState, ListenerState } from './gateway-state.js';
import { GROUP, type LabelSelector, type ParentReference } from './gateway-types.js';
import { effectiveHostnames } from './hostnames.js';
import { selectorMatches } from './label-selector.js';

/** One listener a route attached to, and the virtual hosts it gets there. */
export interface Attachment {
  listener: ListenerState;
  hostnames: string[];
}

/** A route's verdict for one of its parentRefs that is an isobar Gateway. */
export interface ParentVerdict {
  ref: ParentReference;
  gateway: GatewayState;
  conditions: ConditionSet;
  attachments: Attachment[];
}

/** Which listeners of a Gateway let routes of this namespace and kind attach. */
function allows(store: StoreReader, l: ListenerState, gw: GatewayState, routeNs: string, routeKind: string): boolean {
  if (!l.supportedKinds.some((k) => k.kind === routeKind && (k.group ?? GROUP) === GROUP)) return false;
  const from = l.spec.allowedRoutes?.namespaces?.from ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return routeNs === (gw.obj.object.metadata.namespace ?? '');
  if (from === 'Selector') {
    const ns = store.get('Namespace', '', routeNs);
    return ns !== undefined && selectorMatches(l.spec.allowedRoutes?.namespaces?.selector as LabelSelector | undefined, ns.object.metadata.labels ?? {});
  }
  return false;
}

/**
 * Attaches a route to the parents it names that are Gateways isobar serves (others are another
 * controller's business and get no status from isobar): to the listeners its sectionName and port select,
 * that allow its namespace and kind, and whose hostname meets one of the route's.
 */
export function attachRoute(store: StoreReader, route: StoredObject, refs: readonly ParentReference[], gateways: ReadonlyMap<string, GatewayState>, hostnames: readonly string[]): ParentVerdict[] {
  const routeNs = route.object.metadata.namespace ?? '';
  const out: ParentVerdict[] = [];
  for (const ref of refs) {
    if ((ref.group ?? GROUP) !== GROUP || (ref.kind ?? 'Gateway') !== 'Gateway') continue;
    const gw = gateways.get(`Gateway/${ref.namespace ?? routeNs}/${ref.name}`);
    if (!gw) continue;
    const conditions = ConditionSet.for(route);
    const verdict: ParentVerdict = { ref, gateway: gw, conditions, attachments: [] };
    out.push(verdict);
    const selected = gw.listeners.filter((l) => (ref.sectionName === undefined || l.spec.name === ref.sectionName) && (ref.port === undefined || l.spec.port === ref.port));
    if (selected.length === 0) {
      conditions.set('Accepted', false, 'NoMatchingParent', `Gateway ${gw.obj.object.metadata.namespace}/${gw.obj.object.metadata.name} has no listener${ref.sectionName ? ` named ${ref.sectionName}` : ''}${ref.port ? ` on port ${ref.port}` : ''}`);
      continue;
    }
    const allowed = selected.filter((l) => allows(store, l, gw, routeNs, route.object.kind));
    if (allowed.length === 0) {
      conditions.set('Accepted', false, 'NotAllowedByListeners', `no listener selected on the Gateway allows ${route.object.kind}s from namespace ${routeNs}`);
      continue;
    }
    for (const l of allowed) {
      const hosts = effectiveHostnames(l.spec.hostname, hostnames, l.samePort);
      if (hosts.length > 0) verdict.attachments.push({ listener: l, hostnames: hosts });
    }
    if (verdict.attachments.length === 0) {
      conditions.set('Accepted', false, 'NoMatchingListenerHostname', `no hostname of the route (${hostnames.join(', ')}) matches a listener's hostname`);
      continue;
    }
    conditions.set('Accepted', true, 'Accepted', 'the route is accepted');
  }
  return out;
}

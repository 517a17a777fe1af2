import type { StoreReader, StoredObject } from '../../core/index.js';
import { ConditionSet } from './conditions.js';
import type { ListenerParent, ListenerState } from './gateway-state.js';
import { GROUP, type LabelSelector, type ParentReference } from './gateway-types.js';
import { effectiveHostnames } from './hostnames.js';
import { selectorMatches } from './label-selector.js';

/** One listener a route attached to, and the virtual hosts it gets there. */
export interface Attachment {
  listener: ListenerState;
  hostnames: string[];
}

/** A route's verdict for one of its parentRefs that is an isobar Gateway, or a ListenerSet of one. */
export interface ParentVerdict {
  ref: ParentReference;
  parent: ListenerParent;
  conditions: ConditionSet;
  attachments: Attachment[];
}

/** Which listeners of a parent let routes of this namespace (Same: the parent's own) and kind attach. */
function allows(store: StoreReader, l: ListenerState, parent: ListenerParent, routeNs: string, routeKind: string): boolean {
  if (!l.supportedKinds.some((k) => k.kind === routeKind && (k.group ?? GROUP) === GROUP)) return false;
  const from = l.spec.allowedRoutes?.namespaces?.from ?? 'Same';
  if (from === 'All') return true;
  if (from === 'Same') return routeNs === (parent.obj.object.metadata.namespace ?? '');
  if (from === 'Selector') {
    const ns = store.get('Namespace', '', routeNs);
    return ns !== undefined && selectorMatches(l.spec.allowedRoutes?.namespaces?.selector as LabelSelector | undefined, ns.object.metadata.labels ?? {});
  }
  return false;
}

/** The parent kinds routes name: a Gateway (its own listeners only) or a ListenerSet (its listeners only). */
const PARENT_KINDS = new Set(['Gateway', 'ListenerSet']);

/**
 * Attaches a route to the parents it names that are Gateways isobar serves, or ListenerSets of those
 * (others are another controller's business and get no status from isobar): to the listeners its
 * sectionName and port select, that allow its namespace and kind, and whose hostname meets one of the route's.
 * `parents` is keyed by kind/namespace/name.
 */
export function attachRoute(store: StoreReader, route: StoredObject, refs: readonly ParentReference[], parents: ReadonlyMap<string, ListenerParent>, hostnames: readonly string[]): ParentVerdict[] {
  const routeNs = route.object.metadata.namespace ?? '';
  const out: ParentVerdict[] = [];
  for (const ref of refs) {
    const kind = ref.kind ?? 'Gateway';
    if ((ref.group ?? GROUP) !== GROUP || !PARENT_KINDS.has(kind)) continue;
    const parent = parents.get(`${kind}/${ref.namespace ?? routeNs}/${ref.name}`);
    if (!parent) continue;
    const conditions = ConditionSet.for(route);
    const verdict: ParentVerdict = { ref, parent, conditions, attachments: [] };
    out.push(verdict);
    const named = `${kind} ${parent.obj.object.metadata.namespace}/${parent.obj.object.metadata.name}`;
    if (parent.refusal) {
      conditions.set('Accepted', false, 'NoMatchingParent', parent.refusal);
      continue;
    }
    const selected = parent.listeners.filter((l) => (ref.sectionName === undefined || l.spec.name === ref.sectionName) && (ref.port === undefined || l.spec.port === ref.port));
    if (selected.length === 0) {
      conditions.set('Accepted', false, 'NoMatchingParent', `${named} has no listener${ref.sectionName ? ` named ${ref.sectionName}` : ''}${ref.port ? ` on port ${ref.port}` : ''}`);
      continue;
    }
    const allowed = selected.filter((l) => allows(store, l, parent, routeNs, route.object.kind));
    if (allowed.length === 0) {
      conditions.set('Accepted', false, 'NotAllowedByListeners', `no listener selected on ${named} allows ${route.object.kind}s from namespace ${routeNs}`);
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

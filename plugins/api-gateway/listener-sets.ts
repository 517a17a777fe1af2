import { compareStrings, rankOf, type BuildContext, type StoreReader, type StoredObject } from '../../core/index.js';
import { ConditionSet } from './conditions.js';
import type { GatewayState, ListenerSetState, ListenerState } from './gateway-state.js';
import { GROUP, type Gateway, type GatewayListener, type LabelSelector, type ListenerSet } from './gateway-types.js';
import { selectorMatches } from './label-selector.js';
import { conflictWith, markConflict } from './listener-conflicts.js';

type Validate = (owner: StoredObject, l: GatewayListener, all: readonly GatewayListener[]) => ListenerState;

const nameOf = (o: StoredObject) => `${o.object.metadata.namespace ?? ''}/${o.object.metadata.name}`;

/** The ListenerSets whose spec.parentRef is this Gateway, in the spec's precedence: oldest first, then by namespace/name. */
function naming(store: StoreReader, gw: StoredObject<Gateway>): StoredObject<ListenerSet>[] {
  const ns = gw.object.metadata.namespace ?? '';
  const name = gw.object.metadata.name;
  return store
    .list<ListenerSet>('ListenerSet')
    .filter((ls) => {
      const ref = ls.object.spec?.parentRef;
      if (!ref || (ref.group ?? GROUP) !== GROUP || (ref.kind ?? 'Gateway') !== 'Gateway') return false;
      return ref.name === name && (ref.namespace ?? ls.object.metadata.namespace ?? '') === ns;
    })
    .sort((a, b) => compareStrings(rankOf(a), rankOf(b)));
}

/** Why the Gateway's spec.allowedListeners does not take ListenerSets of this namespace (undefined: it does). */
function notAllowed(store: StoreReader, gw: StoredObject<Gateway>, lsNs: string): string | undefined {
  const allowed = gw.object.spec?.allowedListeners?.namespaces;
  const from = allowed?.from ?? 'None';
  const gwNs = gw.object.metadata.namespace ?? '';
  const refused = `Gateway ${nameOf(gw)} does not allow ListenerSets of namespace ${lsNs} (spec.allowedListeners.namespaces.from: ${from})`;
  if (from === 'All') return undefined;
  if (from === 'Same') return lsNs === gwNs ? undefined : refused;
  if (from === 'Selector') {
    const ns = store.get('Namespace', '', lsNs);
    return ns !== undefined && selectorMatches(allowed?.selector as LabelSelector | undefined, ns.object.metadata.labels ?? {}) ? undefined : `${refused}; its selector does not pick the namespace`;
  }
  return refused;
}

/**
 * Reads the ListenerSets naming a Gateway: each listener checked as a Gateway's would be, then against
 * the listeners that come before it (the Gateway's, older sets', and the earlier ones of its own set that
 * were not refused): one that conflicts with those is Conflicted, never the earlier one, and a refused
 * listener holds nothing against later ones. A set the Gateway does not allow is NotAllowed,
 * and its listeners take no part in the Gateway's.
 */
export function readListenerSets(ctx: BuildContext, gw: GatewayState, validate: Validate): ListenerSetState[] {
  const before: GatewayListener[] = [...(gw.obj.object.spec?.listeners ?? [])];
  return naming(ctx.store, gw.obj).map((ls) => {
    ctx.status.touch(ls);
    const own = ls.object.spec?.listeners ?? [];
    const state: ListenerSetState = { obj: ls, conditions: ConditionSet.for(ls), listeners: own.map((l) => validate(ls, l, [])), gateway: gw };
    const refused = notAllowed(ctx.store, gw.obj, ls.object.metadata.namespace ?? '');
    if (refused) {
      refuse(state, 'NotAllowed', 'NotAllowed', refused);
      return state;
    }
    for (const l of state.listeners) {
      const conflict = conflictWith(l.spec, before);
      if (conflict) markConflict(l.conditions, conflict);
      else before.push(l.spec);
    }
    return state;
  });
}

/** A ListenerSet the Gateway does not take: its listeners are not served, and routes cannot attach to it. */
function refuse(s: ListenerSetState, accepted: string, programmed: string, message: string): void {
  s.refusal = `ListenerSet ${nameOf(s.obj)} is not accepted: ${message}`;
  s.conditions.set('Accepted', false, accepted, message).set('Programmed', false, programmed, message);
  // A listener's own reason (a conflict, a certificate) stays: only what was fine changes.
  for (const l of s.listeners) {
    if (l.conditions.isTrue('Accepted')) l.conditions.set('Accepted', false, accepted, message);
    if (l.conditions.isTrue('Programmed')) l.conditions.set('Programmed', false, programmed, message);
  }
}

/**
 * Once the Gateway's own verdict is known: the listeners of its allowed ListenerSets programmed on its
 * Envoy (if it is accepted), and each set's Accepted (some listener valid) and Programmed (some served).
 */
export function settleListenerSets(gw: GatewayState, program: (l: ListenerState) => void): void {
  for (const s of gw.listenerSets) {
    if (s.refusal) continue;
    if (!gw.conditions.isTrue('Accepted')) {
      refuse(s, 'ParentNotAccepted', 'ParentNotProgrammed', `its parent Gateway ${nameOf(gw.obj)} is not accepted`);
      continue;
    }
    const valid = s.listeners.filter((l) => l.conditions.isTrue('Accepted') && l.conditions.isTrue('Programmed'));
    if (valid.length === 0) {
      refuse(s, 'ListenersNotValid', 'ListenersNotValid', 'no listener of the ListenerSet is valid (spec.listeners)');
      continue;
    }
    for (const l of valid) program(l);
    const invalid = s.listeners.filter((l) => !l.conditions.isTrue('Accepted') || !l.conditions.isTrue('Programmed')).map((l) => l.spec.name);
    const programmed = s.listeners.some((l) => l.target);
    const partial = invalid.length > 0 ? `; listeners not valid: ${invalid.join(', ')}` : '';
    s.conditions.set('Accepted', true, invalid.length > 0 ? 'ListenersNotValid' : 'Accepted', `the ListenerSet is accepted by Gateway ${nameOf(gw.obj)}${partial}`);
    if (programmed) s.conditions.set('Programmed', true, 'Programmed', 'the ListenerSet is programmed in Envoy');
    else s.conditions.set('Programmed', false, 'ListenersNotValid', `no listener of the ListenerSet is programmed${partial}`);
  }
}

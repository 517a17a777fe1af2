import { compareStrings } from '../util/compare.js';
import { shortHash } from '../util/stable-json.js';
import type { Reference } from './consistency.js';
import { DEFAULT_FLEET, NOTHING, type NameFilter } from './fleet.js';
import { PUBLISH_ORDER, TypeUrl } from './snapshot.js';
import type { NamedResource } from './snapshot-builder.js';

/** What a fleet's view keeps of each type; a type it has no filter for is kept whole. */
export type FleetScope = ReadonlyMap<TypeUrl, NameFilter>;

/**
 * Which resources each fleet needs, from the listeners' fleets and the references between resources.
 * A named fleet gets its listeners and their closure (route configurations, the clusters routes and TCP
 * proxies use, their ClusterLoadAssignments, the listeners' secrets). The default fleet gets everything
 * but what only named fleets need, so a resource no listener refers to stays where it always was.
 * Built once per full build; an endpoint-only rebuild keeps it (same listeners, same references), and
 * each fleet's scope is worked out the first time a view of it is asked for.
 */
export class FleetIndex {
  /** The fleets listeners name, sorted (the default fleet is not among them). */
  readonly fleets: readonly string[];
  /** Hash of which listener serves which named fleet: part of the snapshot version, so a listener moving fleets publishes. */
  readonly signature: string;
  protected readonly roots = new Map<string, string[]>();
  protected readonly scopes = new Map<string, FleetScope>();
  protected edges: Map<string, Reference[]> | undefined;

  constructor(
    listeners: readonly NamedResource[],
    protected readonly references: readonly Reference[],
  ) {
    const assigned: string[] = [];
    for (const l of listeners) {
      const fleet = l.fleet ?? DEFAULT_FLEET;
      let names = this.roots.get(fleet);
      if (!names) this.roots.set(fleet, (names = []));
      names.push(l.name);
      if (fleet !== DEFAULT_FLEET) assigned.push(`${l.name}=${fleet}`);
    }
    this.fleets = [...this.roots.keys()].filter((f) => f !== DEFAULT_FLEET).sort(compareStrings);
    this.signature = shortHash(assigned.sort(compareStrings).join('\n'), 16);
  }

  /** The listener names of `fleet`. */
  listenersOf(fleet: string): readonly string[] {
    return this.roots.get(fleet) ?? [];
  }

  scope(fleet: string): FleetScope {
    let scope = this.scopes.get(fleet);
    if (!scope) this.scopes.set(fleet, (scope = fleet === DEFAULT_FLEET ? this.defaultScope() : this.namedScope(fleet)));
    return scope;
  }

  protected namedScope(fleet: string): FleetScope {
    const roots = this.roots.get(fleet);
    if (!roots) return new Map(PUBLISH_ORDER.map((t) => [t, NOTHING])); // a fleet no listener names
    const reach = this.reach(roots);
    return new Map(PUBLISH_ORDER.map((t) => [t, { only: [...(reach.get(t) ?? [])].sort(compareStrings) }]));
  }

  /** Everything but what is reached from named fleets' listeners and not from the default fleet's. */
  protected defaultScope(): FleetScope {
    const mine = this.reach(this.listenersOf(DEFAULT_FLEET));
    const theirs = this.reach(this.fleets.flatMap((f) => this.listenersOf(f)));
    const scope = new Map<TypeUrl, NameFilter>();
    for (const [type, names] of theirs) {
      const except = new Set<string>();
      for (const n of names) if (!mine.get(type)?.has(n)) except.add(n);
      if (except.size > 0) scope.set(type, { except });
    }
    return scope;
  }

  /** The listeners `roots` and everything they lead to, by type. */
  protected reach(roots: readonly string[]): Map<TypeUrl, Set<string>> {
    const edges = (this.edges ??= edgesOf(this.references));
    const seen = new Map<TypeUrl, Set<string>>(PUBLISH_ORDER.map((t) => [t, new Set()]));
    const queue: Array<[TypeUrl, string]> = [];
    const visit = (type: TypeUrl, name: string) => {
      const names = seen.get(type)!;
      if (names.has(name)) return;
      names.add(name);
      queue.push([type, name]);
    };
    for (const name of roots) visit(TypeUrl.Listener, name);
    for (let next = queue.pop(); next; next = queue.pop()) {
      for (const r of edges.get(keyOf(next[0], next[1])) ?? []) visit(r.type, r.name);
    }
    return seen;
  }
}

/**
 * The index of a snapshot's resources, or undefined when no listener names a fleet: then every Envoy is
 * of the default fleet and its view is the snapshot itself.
 */
export function fleetIndex(listeners: readonly NamedResource[], references: readonly Reference[]): FleetIndex | undefined {
  return listeners.some((l) => l.fleet !== undefined && l.fleet !== DEFAULT_FLEET) ? new FleetIndex(listeners, references) : undefined;
}

function keyOf(type: TypeUrl, name: string): string {
  return `${type}\n${name}`;
}

function edgesOf(references: readonly Reference[]): Map<string, Reference[]> {
  const edges = new Map<string, Reference[]>();
  for (const r of references) {
    if (!r.referrer) continue;
    const key = keyOf(r.referrer.type, r.referrer.name);
    const list = edges.get(key);
    if (list) list.push(r);
    else edges.set(key, [r]);
  }
  return edges;
}

import { inject, injectable, multiInject, optional } from 'inversify';
import { IsobarError } from '../errors.js';
import { groupOf, Kind } from './kind.js';

export const UnservedKinds = Symbol.for('isobar.UnservedKinds');
/** The kinds of routing-API plugins that are not loaded (each names its plugin). */
export type UnservedKinds = readonly Kind[];

/** How a kind name in an object stands with this isobar. */
export type KindLookup =
  | { status: 'served'; kind: Kind }
  /** A plugin that is not loaded serves it. */
  | { status: 'unserved'; plugin: string }
  | { status: 'unknown' };

/**
 * Every kind the loaded plugins (and core) declared, in registration order. Two kinds may share a name
 * only in different API groups.
 */
@injectable()
export class KindRegistry {
  private readonly byName = new Map<string, Kind[]>();

  constructor(
    @multiInject(Kind) @optional() private readonly kinds: Kind[] = [],
    @inject(UnservedKinds) @optional() private readonly unserved: UnservedKinds = [],
  ) {
    for (const k of kinds) {
      const same = this.byName.get(k.kind) ?? [];
      const clash = same.find((o) => o.apiVersions.some((v) => k.apiVersions.some((w) => groupOf(v) === groupOf(w))));
      if (clash) throw new IsobarError('PLUGIN_INVALID', `kind ${k.kind} is declared by both "${clash.plugin}" and "${k.plugin}"`);
      same.push(k);
      this.byName.set(k.kind, same);
    }
  }

  all(): readonly Kind[] {
    return this.kinds;
  }

  /** The kind of this name whose group is that of `apiVersion` (any group when it is not given). */
  get(kind: string, apiVersion?: string): Kind | undefined {
    const same = this.byName.get(kind);
    if (!same) return undefined;
    if (apiVersion === undefined) return same[0];
    const group = groupOf(apiVersion);
    return same.find((k) => k.apiVersions.some((v) => groupOf(v) === group));
  }

  /** Served, served by a plugin that is not loaded, or unknown to isobar. */
  lookup(kind: string, apiVersion: string): KindLookup {
    const served = this.get(kind, apiVersion);
    if (served) return { status: 'served', kind: served };
    const group = groupOf(apiVersion);
    const other = this.unserved.find((k) => k.kind === kind && k.apiVersions.some((v) => groupOf(v) === group));
    return other ? { status: 'unserved', plugin: other.plugin } : { status: 'unknown' };
  }
}

import type { ResourceVersion } from '../container/contribution-points.js';
import type { ObjectKey, StoredObject } from '../model/k8s-object.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { Condition } from '../status/condition.js';
import type { StoreReader } from '../store/object-store.js';
import { allOwners, type ProvenanceMap } from '../translate/provenance.js';
import { lookup } from './quarantine.js';

/** What one full build made: each resource's version and owners, and each owner's fingerprint then. */
interface BuildRecord {
  versions: Map<string, string>;
  provenance: ProvenanceMap;
  fingerprints: Map<ObjectKey, string | undefined>;
}

export interface RejectionVerdict {
  /** The one object found to make Envoy refuse a resource: quarantine it. */
  culprit?: { object: StoredObject; condition: Condition };
  /** Several suspects: these are held back for one round, to tell which of them Envoy refuses. */
  probation: ObjectKey[];
}

/** Builds remembered, so that an answer to an older response can still be charged (Envoy answers the latest soon). */
const KEPT_BUILDS = 8;

/**
 * Charges a rejection by Envoy to the objects behind it. An object is trusted for an xDS type once a
 * client accepted a resource of that type made from it as it is now; the suspects of a rejection are the
 * untrusted owners of what was rejected, as they still are. One suspect is quarantined. Several (a start,
 * a burst of changes) are halved: one half is held back (probation) and the next answer tells which half
 * holds the culprit; an acceptance lets the held-back half back in, half at a time. Envoy keeps serving
 * its last accepted config meanwhile, and no client is ever sent a rejected object again.
 */
export class RejectionTracker {
  private readonly builds: BuildRecord[] = [];
  private readonly trusted = new Map<string, string | undefined>();
  /** Held-back objects, with the fingerprint they were held back at: a change lets one back in. */
  private readonly held = new Map<ObjectKey, string | undefined>();

  /** After each full build. */
  record(snapshot: Snapshot, provenance: ProvenanceMap, store: StoreReader): void {
    const versions = new Map<string, string>();
    const fingerprints = new Map<ObjectKey, string | undefined>();
    for (const [type, set] of snapshot.resources) {
      for (const item of set.items.values()) versions.set(`${type}|${item.name}`, item.version);
    }
    for (const byName of provenance.values()) {
      for (const p of byName.values()) {
        for (const key of allOwners(p)) if (!fingerprints.has(key)) fingerprints.set(key, lookup(store, key)?.fingerprint);
      }
    }
    this.builds.unshift({ versions, provenance, fingerprints });
    if (this.builds.length > KEPT_BUILDS) this.builds.pop();
    if (this.trusted.size > 4 * fingerprints.size + 1000) {
      for (const k of this.trusted.keys()) if (!fingerprints.has(k.slice(k.indexOf('|') + 1))) this.trusted.delete(k);
    }
  }

  /** Objects held back while a rejection is narrowed down (those changed since are let back in). */
  probation(store: StoreReader): ReadonlySet<ObjectKey> {
    for (const [key, fp] of this.held) if (lookup(store, key)?.fingerprint !== fp) this.held.delete(key);
    return new Set(this.held.keys());
  }

  /** A client accepted `resources`: their owners are trusted for the type. True when held-back objects were let back in. */
  accepted(type: string, resources: readonly ResourceVersion[], current: Snapshot | undefined): boolean {
    for (const r of resources) {
      const found = this.find(type, r);
      if (!found) continue;
      for (const key of found.owners) this.trusted.set(`${type}|${key}`, found.record.fingerprints.get(key));
    }
    if (this.held.size === 0 || resources.length === 0 || !current || !isCurrent(type, resources, current)) return false;
    // The config without the held-back half was accepted: let half of them back in.
    const keys = [...this.held.keys()].sort();
    for (const k of keys.slice(0, Math.ceil(keys.length / 2))) this.held.delete(k);
    return true;
  }

  rejected(type: string, resources: readonly ResourceVersion[], message: string, node: string, store: StoreReader): RejectionVerdict {
    const suspects = new Map<ObjectKey, { object: StoredObject; resource: string }>();
    for (const r of resources) {
      const found = this.find(type, r);
      if (!found) continue;
      for (const key of found.owners) {
        if (this.held.has(key) || suspects.has(key)) continue;
        const object = lookup(store, key);
        // Changed since (it gets a fresh chance) or gone: not a suspect any more.
        if (!object || object.fingerprint !== found.record.fingerprints.get(key)) continue;
        const t = `${type}|${key}`;
        if (this.trusted.has(t) && this.trusted.get(t) === object.fingerprint) continue;
        suspects.set(key, { object, resource: r.name });
      }
    }
    const keys = [...suspects.keys()].sort();
    if (keys.length === 1) {
      const { object, resource } = suspects.get(keys[0]!)!;
      const what = `${type.slice(type.lastIndexOf('.') + 1)} ${resource}`;
      return {
        culprit: {
          object,
          condition: { severity: 'error', reason: 'RejectedByEnvoy', message: `Envoy (node ${node}) rejected the ${what} made from this object: ${message}; nothing of this object is served until it changes` },
        },
        probation: [],
      };
    }
    const half = keys.slice(Math.ceil(keys.length / 2));
    for (const k of half) this.held.set(k, suspects.get(k)!.object.fingerprint);
    return { probation: half };
  }

  private find(type: string, r: ResourceVersion): { record: BuildRecord; owners: ObjectKey[] } | undefined {
    for (const record of this.builds) {
      if (record.versions.get(`${type}|${r.name}`) !== r.version) continue;
      const p = record.provenance.get(type)?.get(r.name);
      return { record, owners: p ? allOwners(p) : [] };
    }
    return undefined;
  }
}

/** Whether `resources` are what the current snapshot holds for them (the answer is to the latest config). */
function isCurrent(type: string, resources: readonly ResourceVersion[], current: Snapshot): boolean {
  const set = current.resources.get(type as never);
  return resources.every((r) => set?.items.get(r.name)?.version === r.version);
}

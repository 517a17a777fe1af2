import type { BuildContext, Processor } from '../container/contribution-points.js';
import { Dag, HTTP_LISTENER, HTTPS_LISTENER, type DefaultListeners } from '../dag/dag.js';
import { IsobarError } from '../errors.js';
import { missingReferences, type Reference } from '../snapshot/consistency.js';
import { buildSnapshot, type NamedResource } from '../snapshot/snapshot-builder.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { TypeUrl } from '../snapshot/snapshot.js';
import type { Condition, ObjectStatus } from '../status/condition.js';
import type { ObjectKey } from '../model/k8s-object.js';
import { StatusRecorder } from '../status/status-recorder.js';
import { withholdingView } from '../store/withholding-view.js';
import type { ProvenanceMap } from '../translate/provenance.js';
import { checkSnapshot } from '../validate/resource-check.js';
import { FailureBoundary, type Culprit } from './failure-boundary.js';
import { lookup, Quarantine } from './quarantine.js';
import type { StoreReader } from '../store/object-store.js';
import type { TranslateSettings } from '../translate/translate-settings.js';
import { translate, translateEndpointResources, type TranslatedResources } from '../translate/translator.js';
import type { TranslatorHooks } from '../translate/translator-hooks.js';

export interface BuildResult {
  dag: Dag;
  statuses: ObjectStatus[];
  resources: TranslatedResources;
  snapshot: Snapshot;
  durationMs: number;
  /** Which objects made each resource, to charge an Envoy rejection to them. */
  provenance: ProvenanceMap;
  /** What refers to what: the fleet views of every snapshot made from this DAG follow them. */
  references: readonly Reference[];
}

export interface BuildOptions {
  /** Objects withheld across builds; the engine keeps one, a one-off build gets a fresh one. */
  quarantine?: Quarantine;
  /** Check every resource against Envoy's rules before publishing (default on). */
  checkEmitted?: boolean;
  /** Held back for this build only (while a rejection by Envoy is narrowed down), with this condition. */
  probation?: ReadonlySet<ObjectKey>;
}

const PROBATION: Condition = {
  severity: 'error',
  reason: 'AwaitingEnvoy',
  message: 'Envoy rejected a change made of several objects; this one is held back for a moment while isobar finds which of them Envoy refuses',
};

/** Each round withholds at least one more object, so this bounds a pathological input, not a normal one. */
const MAX_ROUNDS = 10;

/**
 * Store → DAG (processors in order) → Envoy resources → checked snapshot. An object that makes a step
 * throw, or whose resources Envoy would refuse, is quarantined and the build is made again without it:
 * bad input costs its own object, never the build. Throws only on isobar's own faults.
 */
export function buildAll(
  store: StoreReader,
  processors: readonly Processor[],
  hooks: readonly TranslatorHooks[],
  settings: TranslateSettings,
  features: ReadonlySet<string> = new Set(),
  options: BuildOptions = {},
): BuildResult {
  const started = performance.now();
  const quarantine = options.quarantine ?? new Quarantine();
  for (let round = 1; ; round++) {
    const held = quarantine.active(store);
    for (const key of options.probation ?? []) {
      const object = lookup(store, key);
      if (object && !held.has(key)) held.set(key, { object, conditions: [PROBATION] });
    }
    const attempt = buildOnce(withholdingView(store, new Set(held.keys())), processors, hooks, settings, features, options.checkEmitted !== false);
    if (!('culprits' in attempt)) {
      for (const { object, conditions } of held.values()) attempt.status.withhold(object, conditions);
      for (const o of store.flagged?.() ?? []) if (!held.has(o.key)) attempt.status.withhold(o, o.origin.problems!);
      return { ...attempt.result, statuses: attempt.status.results(), durationMs: performance.now() - started };
    }
    if (round >= MAX_ROUNDS) throw new IsobarError('BUILD_UNSETTLED', `the build still finds faulty objects after ${MAX_ROUNDS} rounds: ${attempt.culprits.slice(0, 5).map((c) => c.key).join(', ')}`);
    for (const c of attempt.culprits) {
      const obj = lookup(store, c.key);
      if (!obj) throw new IsobarError('BUILD_UNSETTLED', `a fault was charged to ${c.key}, which is not in the store: ${c.condition.message}`);
      quarantine.add(obj, c.condition);
    }
  }
}

type Attempt = { result: Omit<BuildResult, 'statuses' | 'durationMs'>; status: StatusRecorder } | { culprits: Culprit[] };

function buildOnce(
  store: StoreReader,
  processors: readonly Processor[],
  hooks: readonly TranslatorHooks[],
  settings: TranslateSettings,
  features: ReadonlySet<string>,
  check: boolean,
): Attempt {
  const boundary = new FailureBoundary();
  const status = new StatusRecorder();
  const ctx: BuildContext = { dag: new Dag(configListeners(settings)), store, status, features, guard: (obj, fn, field) => boundary.guard(obj, fn, field) };
  for (const p of processors) p.run(ctx);
  const { resources, references, provenance } = translate(ctx.dag, store, settings, hooks, (owner, fn) => boundary.guard(owner, fn));
  // A part left out by a guard may leave a dangling name; the next round, without its object, has none.
  if (boundary.culprits().length > 0) return { culprits: boundary.culprits() };
  const missing = missingReferences(resources, references);
  if (missing.length > 0) {
    const list = missing.slice(0, 5).map((m) => `${m.from} → ${m.type.split('.').pop()} ${m.name}`).join('; ');
    throw new IsobarError('SNAPSHOT_INCONSISTENT', `snapshot refers to resources it does not contain: ${list}`);
  }
  const snapshot = buildSnapshot(resources, references);
  if (check) {
    for (const p of checkSnapshot(snapshot, provenance)) {
      const what = `${p.type.slice(p.type.lastIndexOf('.') + 1)} ${p.name}`;
      if (p.owners.length === 0) throw new IsobarError('SNAPSHOT_INCONSISTENT', `isobar made a ${what} that Envoy would refuse: ${p.message}`);
      for (const key of p.owners) {
        boundary.blame(key, { severity: 'error', reason: 'EnvoyWouldReject', message: `Envoy would refuse the ${what} made from this object (${p.message}); nothing of this object is served`, ...(p.field ? { field: p.field } : {}) });
      }
    }
    if (boundary.culprits().length > 0) return { culprits: boundary.culprits() };
  }
  return { result: { dag: ctx.dag, resources, snapshot, provenance, references }, status };
}

/**
 * The endpoint fast path: the last DAG stays, only ClusterLoadAssignments are recomputed — those of
 * `services` (`namespace/name`) when given, every one otherwise. The others keep their previous
 * resources (same objects), so the snapshot builder does not even re-hash them. Undefined when an endpoint
 * cannot be translated or Envoy would refuse it: a full build then finds the object to charge.
 */
export function rebuildEndpoints(prev: BuildResult, store: StoreReader, services?: ReadonlySet<string>, check = true): BuildResult | undefined {
  const started = performance.now();
  const resources = new Map(prev.resources);
  let assignments: NamedResource[];
  try {
    assignments = translateEndpointResources(prev.dag, store, services);
  } catch {
    return undefined;
  }
  if (services) {
    const fresh = new Map(assignments.map((r) => [r.name, r]));
    assignments = (prev.resources.get(TypeUrl.ClusterLoadAssignment) ?? []).map((r) => fresh.get(r.name) ?? r);
  }
  resources.set(TypeUrl.ClusterLoadAssignment, assignments);
  // The same listener list and references as the last full build: the fleet index is reused, not rebuilt.
  const snapshot = buildSnapshot(resources, prev.references);
  if (check && checkSnapshot(snapshot, prev.provenance).length > 0) return undefined;
  return { ...prev, resources, snapshot, durationMs: performance.now() - started };
}

/** The config's listeners as the DAG's defaults, named as Envoy has always known them. */
function configListeners(s: TranslateSettings): DefaultListeners {
  return { http: { name: HTTP_LISTENER, ...s.http }, https: { name: HTTPS_LISTENER, ...s.https } };
}

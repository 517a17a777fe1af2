import type { BuildContext, Processor } from '../container/contribution-points.js';
import { Dag } from '../dag/dag.js';
import { IsobarError } from '../errors.js';
import { missingReferences } from '../snapshot/consistency.js';
import { buildSnapshot } from '../snapshot/snapshot-builder.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { TypeUrl } from '../snapshot/snapshot.js';
import type { ObjectStatus } from '../status/condition.js';
import { StatusRecorder } from '../status/status-recorder.js';
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
}

/** Store → DAG (processors in order) → Envoy resources → checked snapshot. Throws only on internal faults. */
export function buildAll(
  store: StoreReader,
  processors: readonly Processor[],
  hooks: readonly TranslatorHooks[],
  settings: TranslateSettings,
  features: ReadonlySet<string> = new Set(),
): BuildResult {
  const started = performance.now();
  const ctx: BuildContext = { dag: new Dag(), store, status: new StatusRecorder(), features };
  for (const p of processors) p.run(ctx);
  const { resources, references } = translate(ctx.dag, store, settings, hooks);
  const missing = missingReferences(resources, references);
  if (missing.length > 0) {
    const list = missing.slice(0, 5).map((m) => `${m.from} → ${m.type.split('.').pop()} ${m.name}`).join('; ');
    throw new IsobarError('SNAPSHOT_INCONSISTENT', `snapshot refers to resources it does not contain: ${list}`);
  }
  const snapshot = buildSnapshot(resources);
  return { dag: ctx.dag, statuses: ctx.status.results(), resources, snapshot, durationMs: performance.now() - started };
}

/**
 * The endpoint fast path: the last DAG stays, only ClusterLoadAssignments are recomputed — those of
 * `services` (`namespace/name`) when given, every one otherwise. The others keep their previous
 * resources (same objects), so the snapshot builder does not even re-hash them.
 */
export function rebuildEndpoints(prev: BuildResult, store: StoreReader, services?: ReadonlySet<string>): BuildResult {
  const started = performance.now();
  const resources = new Map(prev.resources);
  let assignments = translateEndpointResources(prev.dag, store, services);
  if (services) {
    const fresh = new Map(assignments.map((r) => [r.name, r]));
    assignments = (prev.resources.get(TypeUrl.ClusterLoadAssignment) ?? []).map((r) => fresh.get(r.name) ?? r);
  }
  resources.set(TypeUrl.ClusterLoadAssignment, assignments);
  return { ...prev, resources, snapshot: buildSnapshot(resources), durationMs: performance.now() - started };
}

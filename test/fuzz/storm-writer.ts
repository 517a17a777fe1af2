/**
 * Writes a storm into a watched directory: files of mutated objects and whole-file YAML attacks are
 * created, rewritten (with new objects) and deleted, paced over a duration, half in place and half by
 * rename-over (the two ways editors and tools save). Keeps what is on disk at the end, for the report.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MutatedDoc, Mutator, StormFile } from './mutator.js';
import { Prng } from './prng.js';

export interface StormPlan {
  /** Files of mutated objects created. */
  files: number;
  /** Whole-file YAML attacks created. */
  attacks: number;
  docsPerFile: [number, number];
  rewrites: number;
  deletes: number;
  durationMs: number;
}

export interface StormState {
  /** File (relative to the directory) → what it holds now. */
  live: Map<string, StormFile>;
  /** Documents written at some point and no longer on disk. */
  gone: Set<string>;
  docsWritten: number;
  ops: { create: number; rewrite: number; delete: number };
}

/** Sub-directories of the storm, made before isobar starts watching (a new directory's race is not this test's subject). */
export const STORM_DIRS = Array.from({ length: 8 }, (_, i) => `storm/d${i}`);

export async function prepareStormDirs(root: string): Promise<void> {
  for (const d of STORM_DIRS) await mkdir(join(root, d), { recursive: true });
}

export async function runStorm(root: string, mutator: Mutator, plan: StormPlan, stopEarly: () => boolean = () => false): Promise<StormState> {
  const rng = new Prng(mutator.seed ^ 0x5702);
  const state: StormState = { live: new Map(), gone: new Set(), docsWritten: 0, ops: { create: 0, rewrite: 0, delete: 0 } };
  let next = 0;
  let created = 0;
  const content = (attack: boolean): StormFile => {
    if (attack) {
      const doc: MutatedDoc = mutator.attack(next++);
      const lines = doc.text.split('\n').length;
      return { text: doc.text, docs: [{ ...doc, firstLine: 1, lastLine: lines }] };
    }
    const count = rng.int(plan.docsPerFile[0], plan.docsPerFile[1]);
    const file = mutator.file(next, count);
    next += count;
    return file;
  };
  const put = async (name: string, file: StormFile) => {
    const path = join(root, name);
    if (rng.chance(0.5)) await writeFile(path, file.text);
    else {
      await writeFile(`${path}.tmp`, file.text);
      await rename(`${path}.tmp`, path);
    }
    // A file that does not parse keeps its last good version, so a rewritten attack file's old objects may stay.
    const old = state.live.get(name);
    if (!name.includes('/attack-')) for (const d of old?.docs ?? []) state.gone.add(d.name);
    for (const d of file.docs) state.gone.delete(d.name);
    state.live.set(name, file);
    state.docsWritten += file.docs.length;
  };
  const ops: Array<'create' | 'rewrite' | 'delete'> = [
    ...Array<'create'>(plan.files + plan.attacks).fill('create'),
    ...Array<'rewrite'>(plan.rewrites).fill('rewrite'),
    ...Array<'delete'>(plan.deletes).fill('delete'),
  ];
  // Creates come first on the whole (a rewrite or delete needs a file), mixed with the rest as the storm goes on.
  const order = ops.map((op, i) => ({ op, at: op === 'create' ? i / ops.length : 0.15 + rng.next() * 0.85 })).sort((a, b) => a.at - b.at);
  const interval = plan.durationMs / Math.max(1, ops.length);
  const started = performance.now();
  for (const [i, { op }] of order.entries()) {
    if (stopEarly()) break;
    const names = [...state.live.keys()];
    if (op === 'create' || names.length === 0) {
      const attack = created % Math.max(1, Math.round((plan.files + plan.attacks) / Math.max(1, plan.attacks))) === 0 && plan.attacks > 0;
      const dir = rng.pick(STORM_DIRS);
      const name = `${dir}/${attack ? 'attack' : 'objects'}-${created++}.yaml`;
      const f = content(attack);
      await put(name, f);
      state.ops.create++;
    } else if (op === 'rewrite') {
      const name = rng.pick(names);
      await put(name, content(name.includes('/attack-')));
      state.ops.rewrite++;
    } else {
      const name = rng.pick(names);
      await rm(join(root, name), { force: true });
      for (const d of state.live.get(name)!.docs) state.gone.add(d.name);
      state.live.delete(name);
      state.ops.delete++;
    }
    const due = started + (i + 1) * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
  }
  return state;
}

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { objectKey, type IsobarConfig, type Logger, type ObjectKey, type ObjectRef, type SourceConnection, type SourceProblem, type SourcedObject } from '../../../core/index.js';
import { pino } from 'pino';
import { FileSource } from '../../../plugins/source-file/file-source.js';
import { defaultKinds } from '../../fixtures/routing-processors.js';

/** Test helper: a SourceConnection that records every call and keeps the resulting state. */
export type Call =
  | { type: 'full'; objects: SourcedObject[] }
  | { type: 'delta'; upserts: SourcedObject[]; removals: ObjectRef[] }
  | { type: 'synced' }
  | { type: 'problems'; scope: string; problems: SourceProblem[] };

export class RecordingConnection implements SourceConnection {
  readonly calls: Call[] = [];
  readonly objects = new Map<ObjectKey, SourcedObject>();
  readonly problemsByScope = new Map<string, SourceProblem[]>();
  private readonly waiters = new Set<() => void>();

  full(objects: SourcedObject[]): void {
    this.objects.clear();
    for (const o of objects) this.objects.set(keyOf(o), o);
    this.record({ type: 'full', objects });
  }

  delta(upserts: SourcedObject[], removals: ObjectRef[]): void {
    for (const r of removals) this.objects.delete(objectKey(r));
    for (const o of upserts) this.objects.set(keyOf(o), o);
    this.record({ type: 'delta', upserts, removals });
  }

  synced(): void {
    this.record({ type: 'synced' });
  }

  problems(scope: string, problems: SourceProblem[]): void {
    if (problems.length > 0) this.problemsByScope.set(scope, problems);
    else this.problemsByScope.delete(scope);
    this.record({ type: 'problems', scope, problems });
  }

  /** The reason readiness is held for, as last set; undefined when not held. */
  heldReady: string | undefined;
  /** Every holdReady call in order, kept apart from `calls` so the data-flow assertions stay as they are. */
  readonly holds: (string | undefined)[] = [];

  holdReady(reason: string | undefined): void {
    this.heldReady = reason;
    this.holds.push(reason);
    for (const w of [...this.waiters]) w();
  }

  keys(): ObjectKey[] {
    return [...this.objects.keys()].sort();
  }

  /** Every key that some delta removed, in order. */
  removedKeys(): ObjectKey[] {
    return this.calls.flatMap((c) => (c.type === 'delta' ? c.removals.map(objectKey) : []));
  }

  /** Resolves as soon as `check` holds (checked now and after every call); rejects after `timeoutMs`. */
  until(what: string, check: () => boolean, timeoutMs = 3000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = (): void => {
        if (!check()) return;
        this.waiters.delete(waiter);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out waiting for ${what}; objects: ${this.keys().join(', ')}; problems: ${JSON.stringify([...this.problemsByScope])}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private record(call: Call): void {
    this.calls.push(call);
    for (const w of [...this.waiters]) w();
  }
}

function keyOf(o: SourcedObject): ObjectKey {
  return objectKey({ kind: o.object.kind, namespace: o.object.metadata.namespace ?? '', name: o.object.metadata.name });
}

/** A temp directory with files, a FileSource on it, and its recording connection. */
export interface Fixture {
  dir: string;
  source: FileSource;
  conn: RecordingConnection;
  /** Absolute path of a file in the directory. */
  file(rel: string): string;
  write(rel: string, text: string): Promise<void>;
  close(): Promise<void>;
}

export async function makeDir(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'isobar-source-file-'));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  return dir;
}

export async function startSource(dir: string, opts: { logger?: Logger; pollMs?: number; retryMaxMs?: number; maxFileBytes?: number; cleanup?: string } = {}): Promise<Fixture> {
  const sourceFile = { directory: dir, ...(opts.maxFileBytes ? { maxFileBytes: opts.maxFileBytes } : {}) };
  const config = { sourceFile, ingress: { defaultNamespace: 'default' } } as unknown as IsobarConfig;
  const source = new FileSource(config, opts.logger ?? pino({ level: 'silent' }), defaultKinds());
  if (opts.pollMs) source.watcherOptions = { pollMs: opts.pollMs, ...(opts.retryMaxMs ? { retryMaxMs: opts.retryMaxMs } : {}) };
  const conn = new RecordingConnection();
  await source.start(conn);
  const file = (rel: string): string => path.join(dir, rel);
  return {
    dir,
    source,
    conn,
    file,
    write: async (rel, text) => {
      await mkdir(path.dirname(file(rel)), { recursive: true });
      await writeFile(file(rel), text);
    },
    close: async () => {
      await source.stop();
      await rm(opts.cleanup ?? dir, { recursive: true, force: true });
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function secretYaml(name: string, version = '1', namespace?: string): string {
  const ns = namespace ? `\n  namespace: ${namespace}` : '';
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}${ns}\n  labels:\n    version: "${version}"\nstringData:\n  note: hello\n`;
}

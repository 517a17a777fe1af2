import type { Snapshot } from '../../core/index.js';

export type SnapshotWatcher = (snapshot: Snapshot) => void;

/**
 * Holds the latest published snapshot and tells watchers when it changes. Knows nothing of gRPC or
 * streams: the xDS server is one consumer of it, tests are another.
 */
export class SnapshotCache {
  protected current: Snapshot | undefined;
  protected readonly watchers = new Set<SnapshotWatcher>();

  /** Undefined until the first publish: nothing may be served before that. */
  latest(): Snapshot | undefined {
    return this.current;
  }

  /** Stores the snapshot and notifies watchers, unless it is the very version already held. */
  set(snapshot: Snapshot): boolean {
    if (this.current?.version === snapshot.version) return false;
    this.current = snapshot;
    // A copy, so a watcher that unsubscribes while being notified does not disturb the loop.
    for (const w of [...this.watchers]) w(snapshot);
    return true;
  }

  /** Returns the function that stops watching. */
  watch(watcher: SnapshotWatcher): () => void {
    this.watchers.add(watcher);
    return () => {
      this.watchers.delete(watcher);
    };
  }

  get watcherCount(): number {
    return this.watchers.size;
  }
}

import type { ObjectKey } from '../../core/index.js';

/**
 * When isobar first saw each object key, as an RFC 3339 timestamp. "The older claim wins" ranks objects
 * by `metadata.creationTimestamp`; a file could write 1970 there and take any host over, so the file
 * source replaces it with this time, which no file can forge. A key keeps its time while it exists (edits,
 * moves to another file in one batch, a duplicate taking over); a key that was removed and comes back
 * is new. All keys first seen in one batch share one time (ties are broken by key downstream); each
 * later batch gets a strictly later time, even when the wall clock stands still or goes back.
 */
export class FirstSeenClock {
  private readonly times = new Map<ObjectKey, string>();
  private lastMs = -Infinity;
  private batchTime: string | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** Starts a batch: keys first seen until the next call share one time. */
  beginBatch(): void {
    this.batchTime = undefined;
  }

  /** The key's first-seen time, assigned now (the batch's time) when it has none. */
  timeOf(key: ObjectKey): string {
    let t = this.times.get(key);
    if (t === undefined) {
      if (this.batchTime === undefined) {
        this.lastMs = Math.max(this.now(), this.lastMs + 1);
        this.batchTime = new Date(this.lastMs).toISOString();
      }
      t = this.batchTime;
      this.times.set(key, t);
    }
    return t;
  }

  forget(key: ObjectKey): void {
    this.times.delete(key);
  }
}

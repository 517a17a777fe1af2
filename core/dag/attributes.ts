/**
 * Typed, open-ended attributes on DAG nodes. Feature plugins define their own keys, set them in their
 * processor step and read them in their translator hook; core never needs to know them.
 */
export class AttributeKey<T> {
  constructor(readonly id: string) {}
  /** Phantom field that carries T for the type checker only. */
  declare readonly __type?: T;
}

export class Attributes {
  private readonly values = new Map<string, unknown>();

  set<T>(key: AttributeKey<T>, value: T): void {
    this.values.set(key.id, value);
  }

  get<T>(key: AttributeKey<T>): T | undefined {
    return this.values.get(key.id) as T | undefined;
  }

  has(key: AttributeKey<unknown>): boolean {
    return this.values.has(key.id);
  }

  /** Sorted entries, for hashing and for drawing the DAG. */
  entries(): [string, unknown][] {
    return [...this.values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

import type { StoredObject } from '../../core/index.js';

/** A condition as Gateway API writes it (metav1.Condition); lastTransitionTime is added when written. */
export interface ApiCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  observedGeneration: number;
}

/** Builds the conditions of one object: every one carries the generation it was computed for. */
export class ConditionSet {
  private readonly list: ApiCondition[] = [];

  constructor(private readonly generation: number) {}

  static for(obj: StoredObject): ConditionSet {
    return new ConditionSet(obj.object.metadata.generation ?? 0);
  }

  /** Sets (or replaces) the condition of this type. */
  set(type: string, ok: boolean, reason: string, message: string): this {
    const c: ApiCondition = { type, status: ok ? 'True' : 'False', reason, message, observedGeneration: this.generation };
    const i = this.list.findIndex((x) => x.type === type);
    if (i >= 0) this.list[i] = c;
    else this.list.push(c);
    return this;
  }

  get(type: string): ApiCondition | undefined {
    return this.list.find((c) => c.type === type);
  }

  isTrue(type: string): boolean {
    return this.get(type)?.status === 'True';
  }

  all(): ApiCondition[] {
    return [...this.list];
  }
}

import { closestName } from './closest-name.js';
import type { FieldIssues, Obj } from './field-issues.js';
import { fieldOf, itemOf } from './field-path.js';

/**
 * Which fields a kind has, as a tree: a map shape names the keys a map may hold and the shape of each value,
 * a list shape gives the shape of every item, and ANY stops the walk (scalars, and free-form maps such as
 * labels or status). Types are not checked here; the validators do that.
 */
export const ANY = 'any';
const ITEMS = Symbol('items');
export interface MapShape {
  readonly [field: string]: FieldShape;
}
export interface ListShape {
  readonly [ITEMS]: FieldShape;
}
export type FieldShape = typeof ANY | MapShape | ListShape;

export function listOf(items: FieldShape): ListShape {
  return { [ITEMS]: items };
}

/** Every field of `value` that its shape does not name is FieldUnknown, with the closest known name as a hint. */
export function reportUnknownFields(value: unknown, shape: FieldShape, base: string, issues: FieldIssues): void {
  if (shape === ANY) return;
  if (ITEMS in shape) {
    if (Array.isArray(value)) value.forEach((item, i) => reportUnknownFields(item, shape[ITEMS], itemOf(base, i), issues));
    return;
  }
  // A value of the wrong type has its FieldType issue already; there is nothing to walk in it.
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const known = Object.keys(shape);
  for (const [key, v] of Object.entries(value as Obj)) {
    const field = fieldOf(base, key);
    if (Object.hasOwn(shape, key)) reportUnknownFields(v, shape[key]!, field, issues);
    // A validator may already have said why this field does not belong here (e.g. a v1beta1 field in v1).
    else if (!issues.all.some((i) => i.field === field && i.reason === 'FieldUnknown')) issues.unknown(field, hint(key, base, known));
  }
}

function hint(key: string, base: string, known: string[]): string {
  const guess = closestName(key, known);
  if (guess !== undefined) return `did you mean "${fieldOf(base, guess)}"?`;
  return `${base || 'the object'} has ${known.join(', ')}`;
}

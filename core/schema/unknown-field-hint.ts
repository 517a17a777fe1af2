import { closestName } from './closest-name.js';
import { fieldOf } from './field-path.js';

/** What to say about an unknown field `key` under `base`: the closest known name, or the names there are. */
export function unknownFieldHint(key: string, base: string, known: readonly string[]): string {
  const guess = closestName(key, known);
  if (guess !== undefined) return `did you mean "${fieldOf(base, guess)}"?`;
  return known.length > 0 ? `${base || 'the object'} has ${known.join(', ')}` : `${base || 'the object'} has no fields`;
}

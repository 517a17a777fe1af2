import convict from 'convict';

/**
 * The value formats of the config schema. convict's own ('port', 'nat', Boolean, Array) read text
 * leniently: "8o00" becomes port 8 (parseInt), "yes" becomes true, "1e3" passes as 1000. These take a
 * value only when it is written exactly as its type: digits for numbers, true/false for booleans.
 * Each `parse` turns the text of an environment variable or flag into the value (or throws saying
 * why); each `check` accepts or refuses a typed value, from YAML or from code.
 */
interface StrictFormat {
  /** What a value must be, for error messages. */
  expected: string;
  parse(text: string): unknown;
  check(value: unknown): void;
}

const DIGITS = /^[0-9]+$/;

function integerFormat(expected: string, min: number, max: number): StrictFormat {
  const check = (value: unknown): void => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) throw new Error(`must be ${expected}, got ${describe(value)}`);
  };
  return {
    expected,
    parse(text) {
      if (!DIGITS.test(text)) throw new Error(`must be ${expected} written in digits, got ${describe(text)}`);
      const n = Number(text);
      check(n);
      return n;
    },
    check,
  };
}

export const STRICT_FORMATS = {
  'strict-port': integerFormat('a port number (1-65535)', 1, 65535),
  /** For the keys whose doc says what 0 means (a free port, or none). */
  'strict-port-or-zero': integerFormat('a port number (0-65535)', 0, 65535),
  'strict-nat': integerFormat('a whole number (0 or more)', 0, Number.MAX_SAFE_INTEGER),
  'strict-boolean': {
    expected: 'true or false',
    parse(text) {
      if (text === 'true') return true;
      if (text === 'false') return false;
      throw new Error(`must be true or false, got ${describe(text)}`);
    },
    check(value) {
      if (typeof value !== 'boolean') throw new Error(`must be true or false, got ${describe(value)}`);
    },
  },
  'strict-list': {
    expected: 'a list of names (comma-separated in the environment or a flag)',
    parse(text) {
      // '' is the empty list; an empty item ("a,,b", "a,") is a typo, not a name.
      if (text.trim() === '') return [];
      const items = text.split(',').map((s) => s.trim());
      if (items.some((s) => s === '')) throw new Error(`must be a comma-separated list of names without empty items, got ${describe(text)}`);
      return items;
    },
    check(value) {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) throw new Error(`must be a list of non-empty strings, got ${describe(value)}`);
    },
  },
} satisfies Record<string, StrictFormat>;

export type StrictFormatName = keyof typeof STRICT_FORMATS;

export function isStrictFormat(name: unknown): name is StrictFormatName {
  return typeof name === 'string' && Object.hasOwn(STRICT_FORMATS, name);
}

let registered = false;

/** Makes the formats known to convict (once per process; convict's registry is global). */
export function registerStrictFormats(): void {
  if (registered) return;
  registered = true;
  for (const [name, f] of Object.entries(STRICT_FORMATS) as Array<[string, StrictFormat]>) {
    convict.addFormat({ name, validate: (v: unknown) => f.check(v), coerce: (v: string) => f.parse(v) });
  }
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return `${Array.isArray(value) ? 'a list' : 'a mapping'} ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

import type { FormatCheck } from './formats.js';

/** Stable reasons of structural problems, in the spirit of the API server's field error types. */
export type IssueReason = 'FieldRequired' | 'FieldInvalid' | 'FieldType' | 'FieldNotSupported' | 'FieldUnknown' | 'FieldDuplicate';

/** One thing wrong with one field of one object. */
export interface FieldIssue {
  field: string;
  reason: IssueReason;
  message: string;
}

export type Obj = Record<string, unknown>;

interface ReadOptions {
  required?: boolean;
}

/**
 * Collects field issues while reading an untyped object. The typed readers return the value when it has
 * the right type, and undefined (after recording an issue) when it does not, so a validator can go on
 * checking the rest of the object and report every problem at once. null counts as absent, as in the API.
 */
export class FieldIssues {
  readonly all: FieldIssue[] = [];

  add(field: string, reason: IssueReason, message: string): void {
    this.all.push({ field, reason, message });
  }

  required(field: string, hint?: string): void {
    this.add(field, 'FieldRequired', hint ? `required value (${hint})` : 'required value');
  }

  invalid(field: string, value: unknown, why: string): void {
    this.add(field, 'FieldInvalid', `invalid value ${show(value)}: ${why}`);
  }

  unsupported(field: string, value: unknown, allowed: readonly string[]): void {
    this.add(field, 'FieldNotSupported', `unsupported value ${show(value)}; supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`);
  }

  /** Worded like kubectl's strict field validation (`unknown field "spec.rulez"`), plus a hint. */
  unknown(field: string, hint: string): void {
    this.add(field, 'FieldUnknown', `unknown field "${field}"; ${hint}`);
  }

  map(value: unknown, field: string, opts: ReadOptions = {}): Obj | undefined {
    if (this.absent(value, field, opts)) return undefined;
    if (typeof value === 'object' && !Array.isArray(value)) return value as Obj;
    return this.wrongType(field, 'a map', value);
  }

  list(value: unknown, field: string, opts: ReadOptions = {}): unknown[] | undefined {
    if (this.absent(value, field, opts)) return undefined;
    if (Array.isArray(value)) return value;
    return this.wrongType(field, 'a list', value);
  }

  string(value: unknown, field: string, opts: ReadOptions & { format?: FormatCheck; allowed?: readonly string[] } = {}): string | undefined {
    if (this.absent(value, field, opts)) return undefined;
    if (typeof value !== 'string') return this.wrongType(field, 'a string', value);
    if (opts.required && value === '') {
      this.required(field);
      return undefined;
    }
    if (opts.allowed && !opts.allowed.includes(value)) {
      this.unsupported(field, value, opts.allowed);
      return undefined;
    }
    const why = opts.format && value !== '' ? opts.format(value) : undefined;
    if (why) {
      this.invalid(field, value, why);
      return undefined;
    }
    return value;
  }

  int(value: unknown, field: string, opts: ReadOptions & { min?: number; max?: number } = {}): number | undefined {
    if (this.absent(value, field, opts)) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) return this.wrongType(field, 'an integer', value);
    if ((opts.min !== undefined && value < opts.min) || (opts.max !== undefined && value > opts.max)) {
      this.invalid(field, value, betweenMessage(opts.min, opts.max));
      return undefined;
    }
    return value;
  }

  port(value: unknown, field: string, opts: ReadOptions = {}): number | undefined {
    return this.int(value, field, { ...opts, min: 1, max: 65535 });
  }

  /** A port given as a number (1..65535) or as a name (IANA service name), like targetPort and servicePort. */
  portOrName(value: unknown, field: string, nameFormat: FormatCheck, opts: ReadOptions = {}): number | string | undefined {
    if (this.absent(value, field, opts)) return undefined;
    if (typeof value === 'number') return this.port(value, field);
    if (typeof value === 'string') {
      // The API server accepts a numeric string here (intstr); "8080" means the number.
      if (/^\d+$/.test(value)) return this.port(Number(value), field);
      return this.string(value, field, { format: nameFormat });
    }
    return this.wrongType(field, 'a port number or name', value);
  }

  /**
   * A map of string to string (labels, annotations, stringData); `check` validates each key. With `secret`
   * (a Secret's data) a bad value is described without quoting it: messages end up in logs and status.
   */
  stringMap(value: unknown, field: string, keyField: (key: string) => string, check?: { key?: FormatCheck; value?: FormatCheck; secret?: boolean }): Record<string, string> | undefined {
    const m = this.map(value, field);
    if (!m) return undefined;
    let ok = true;
    for (const [k, v] of Object.entries(m)) {
      const f = keyField(k);
      const keyWhy = check?.key?.(k);
      if (keyWhy) {
        this.add(f, 'FieldInvalid', `invalid key "${k}": ${keyWhy}`);
        ok = false;
      }
      if (typeof v !== 'string') {
        this.wrongType(f, 'a string', v);
        ok = false;
      } else if (check?.secret) {
        const why = check.value && v !== '' ? check.value(v) : undefined;
        if (why) {
          this.add(f, 'FieldInvalid', `invalid value (not shown: Secret data): ${why}`);
          ok = false;
        }
      } else if (this.string(v, f, { format: check?.value }) === undefined && v !== '') {
        ok = false;
      }
    }
    return ok ? (m as Record<string, string>) : undefined;
  }

  private absent(value: unknown, field: string, opts: ReadOptions): boolean {
    if (value !== undefined && value !== null) return false;
    if (opts.required) this.required(field);
    return true;
  }

  private wrongType(field: string, expected: string, value: unknown): undefined {
    this.add(field, 'FieldType', wrongTypeMessage(expected, value));
    return undefined;
  }
}

/** `a list`, `a string ("x")`, … for messages about the wrong type. */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'number') return Number.isInteger(value) ? `an integer (${value})` : `a number (${value})`;
  if (typeof value === 'boolean') return `a boolean (${value})`;
  return `a ${typeof value} (${show(value)})`;
}

/** The range an integer must be in, as messages say it. */
export function betweenMessage(min: number | undefined, max: number | undefined): string {
  return `must be between ${min ?? '-∞'} and ${max ?? '∞'}, inclusive`;
}

/** The first issue of each field and reason: one thing wrong is said once. */
export function uniqueIssues(issues: readonly FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.field}\n${i.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `must be a map, not a list`, with a hint when a scalar only needs quoting. */
export function wrongTypeMessage(expected: string, value: unknown): string {
  const hint = expected === 'a string' && (typeof value === 'boolean' || typeof value === 'number') ? '; quote it to make it a string' : '';
  return `must be ${expected}, not ${describe(value)}${hint}`;
}

/** A value as messages quote it, cut at 60 characters. */
function show(value: unknown): string {
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

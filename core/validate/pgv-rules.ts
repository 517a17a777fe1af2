import { compileRe2 } from './regex-check.js';
import { RE2JS } from 're2js';

/**
 * protoc-gen-validate's rules, as the JSON form of `validate.FieldRules` (proto2: only the rules that
 * are set appear). Each check returns PGV's wording of the failure, or undefined.
 */
export type Rules = Record<string, unknown>;

// PGV's well-known regexes (validate.proto KnownRegex); "strict: false" relaxes both to "no NUL, CR or LF".
const HEADER_NAME = /^:?[0-9a-zA-Z!#$%&'*+\-.^_|~`]+$/;
const HEADER_VALUE = /^[^\u0000-\u0008\u000A-\u001F\u007F]*$/;
const LOOSE_HEADER = /^[^\u0000\u000A\u000D]*$/;

export function checkString(v: string, r: Rules): string | undefined {
  if (r.ignoreEmpty === true && v === '') return undefined;
  const chars = [...v].length;
  const bytes = Buffer.byteLength(v, 'utf8');
  if (r.const !== undefined && v !== r.const) return `value must equal ${JSON.stringify(r.const)}`;
  if (r.len !== undefined && chars !== num(r.len)) return `value length must be ${num(r.len)} runes`;
  if (r.minLen !== undefined && chars < num(r.minLen)) return `value length must be at least ${num(r.minLen)} runes`;
  if (r.maxLen !== undefined && chars > num(r.maxLen)) return `value length must be at most ${num(r.maxLen)} runes`;
  if (r.lenBytes !== undefined && bytes !== num(r.lenBytes)) return `value length must be ${num(r.lenBytes)} bytes`;
  if (r.minBytes !== undefined && bytes < num(r.minBytes)) return `value length must be at least ${num(r.minBytes)} bytes`;
  if (r.maxBytes !== undefined && bytes > num(r.maxBytes)) return `value length must be at most ${num(r.maxBytes)} bytes`;
  if (typeof r.pattern === 'string' && !matchesRe2(r.pattern, v)) return `value does not match regex pattern ${JSON.stringify(r.pattern)}`;
  if (typeof r.prefix === 'string' && !v.startsWith(r.prefix)) return `value does not have prefix ${JSON.stringify(r.prefix)}`;
  if (typeof r.suffix === 'string' && !v.endsWith(r.suffix)) return `value does not have suffix ${JSON.stringify(r.suffix)}`;
  if (typeof r.contains === 'string' && !v.includes(r.contains)) return `value does not contain substring ${JSON.stringify(r.contains)}`;
  if (typeof r.notContains === 'string' && v.includes(r.notContains)) return `value contains substring ${JSON.stringify(r.notContains)}`;
  const inList = r.in as string[] | undefined;
  if (inList?.length && !inList.includes(v)) return `value must be in list ${JSON.stringify(inList)}`;
  if ((r.notIn as string[] | undefined)?.includes(v)) return `value must not be in list ${JSON.stringify(r.notIn)}`;
  if (r.wellKnownRegex !== undefined) {
    const strict = r.strict !== false;
    if (r.wellKnownRegex === 'HTTP_HEADER_NAME' && !(strict ? HEADER_NAME : LOOSE_HEADER).test(v)) return 'value does not match regex pattern for a header name';
    if (r.wellKnownRegex === 'HTTP_HEADER_VALUE' && !(strict ? HEADER_VALUE : LOOSE_HEADER).test(v)) return 'value does not match regex pattern for a header value';
  }
  if (r.hostname === true && !isHostname(v)) return 'value must be a valid hostname';
  if ((r.ip === true || r.address === true) && !isIp(v) && !(r.address === true && isHostname(v))) return r.ip ? 'value must be a valid IP address' : 'value must be a valid hostname, or ip address';
  if (r.ipv4 === true && !isIpv4(v)) return 'value must be a valid IPv4 address';
  return undefined;
}

export function checkBytes(v: Uint8Array, r: Rules): string | undefined {
  if (r.ignoreEmpty === true && v.length === 0) return undefined;
  if (r.len !== undefined && v.length !== num(r.len)) return `value length must be ${num(r.len)} bytes`;
  if (r.minLen !== undefined && v.length < num(r.minLen)) return `value length must be at least ${num(r.minLen)} bytes`;
  if (r.maxLen !== undefined && v.length > num(r.maxLen)) return `value length must be at most ${num(r.maxLen)} bytes`;
  return undefined;
}

/** Numbers of every width (int64 arrive as bigint); durations are compared in nanoseconds. */
export function checkNumber(v: number | bigint, r: Rules, show: (x: number | bigint) => string = String): string | undefined {
  if (r.ignoreEmpty === true && Number(v) === 0) return undefined;
  const x = typeof v === 'bigint' ? v : v;
  const cmp = (a: number | bigint, b: unknown): number => {
    const bb = typeof a === 'bigint' ? BigInt(b as string | number) : Number(b);
    return a < bb ? -1 : a > bb ? 1 : 0;
  };
  if (r.const !== undefined && cmp(x, r.const) !== 0) return `value must equal ${show(asNum(r.const))}`;
  const inList = r.in as unknown[] | undefined;
  if (inList?.length && !inList.some((i) => cmp(x, i) === 0)) return `value must be in list [${inList.map((i) => show(asNum(i))).join(', ')}]`;
  if ((r.notIn as unknown[] | undefined)?.some((i) => cmp(x, i) === 0)) return `value must not be in list [${(r.notIn as unknown[]).map((i) => show(asNum(i))).join(', ')}]`;
  const lower = r.gt !== undefined ? { v: r.gt, strict: true } : r.gte !== undefined ? { v: r.gte, strict: false } : undefined;
  const upper = r.lt !== undefined ? { v: r.lt, strict: true } : r.lte !== undefined ? { v: r.lte, strict: false } : undefined;
  const aboveLower = lower ? (lower.strict ? cmp(x, lower.v) > 0 : cmp(x, lower.v) >= 0) : true;
  const belowUpper = upper ? (upper.strict ? cmp(x, upper.v) < 0 : cmp(x, upper.v) <= 0) : true;
  const words = (b: { v: unknown; strict: boolean }, side: 'lower' | 'upper') =>
    `${side === 'lower' ? 'greater than' : 'less than'}${b.strict ? '' : ' or equal to'} ${show(asNum(b.v))}`;
  // An inverted range (gt above lt) means "outside": PGV's exclusive ranges.
  if (lower && upper && cmp(asNum(lower.v), upper.v) > 0) {
    if (!aboveLower && !belowUpper) return `value must be ${words(upper, 'upper')} or ${words(lower, 'lower')}`;
    return undefined;
  }
  if (lower && upper && !(aboveLower && belowUpper)) return `value must be inside range ${lower.strict ? '(' : '['}${show(asNum(lower.v))}, ${show(asNum(upper.v))}${upper.strict ? ')' : ']'}`;
  if (!aboveLower) return `value must be ${words(lower!, 'lower')}`;
  if (!belowUpper) return `value must be ${words(upper!, 'upper')}`;
  return undefined;
}

export function checkEnum(v: number, r: Rules, defined: ReadonlySet<number>, names: ReadonlyMap<string, number>): string | undefined {
  const asNumber = (x: unknown): number => (typeof x === 'string' ? names.get(x) ?? Number.NaN : Number(x));
  if (r.definedOnly === true && !defined.has(v)) return 'value must be one of the defined enum values';
  if (r.const !== undefined && v !== asNumber(r.const)) return `value must equal ${String(r.const)}`;
  const inList = r.in as unknown[] | undefined;
  if (inList?.length && !inList.map(asNumber).includes(v)) return `value must be in list [${inList.join(', ')}]`;
  if ((r.notIn as unknown[] | undefined)?.map(asNumber).includes(v)) return `value must not be in list [${(r.notIn as unknown[]).join(', ')}]`;
  return undefined;
}

/** A JSON duration ("1.5s") as nanoseconds. */
export function durationNanos(text: unknown): bigint {
  const m = /^(-?)(\d+)(?:\.(\d{1,9}))?s$/.exec(String(text));
  if (!m) return 0n;
  const ns = BigInt(m[2]!) * 1_000_000_000n + BigInt((m[3] ?? '').padEnd(9, '0') || '0');
  return m[1] ? -ns : ns;
}

export function durationRules(r: Rules): Rules {
  const out: Rules = {};
  for (const k of ['const', 'lt', 'lte', 'gt', 'gte']) if (r[k] !== undefined) out[k] = durationNanos(r[k]).toString();
  for (const k of ['in', 'notIn']) if (Array.isArray(r[k])) out[k] = (r[k] as unknown[]).map((d) => durationNanos(d).toString());
  return out;
}

export function showDuration(ns: number | bigint): string {
  const n = BigInt(ns);
  const s = n / 1_000_000_000n;
  const frac = (n < 0n ? -n : n) % 1_000_000_000n;
  return frac === 0n ? `${s}s` : `${s}.${frac.toString().padStart(9, '0').replace(/0+$/, '')}s`;
}

function num(x: unknown): number {
  return Number(x);
}

function asNum(x: unknown): number | bigint {
  if (typeof x === 'bigint') return x;
  const n = Number(x);
  return Number.isSafeInteger(n) || !Number.isInteger(n) ? n : BigInt(x as string);
}

function matchesRe2(pattern: string, v: string): boolean {
  if (typeof compileRe2(pattern) === 'string') return true; // a broken rule in a descriptor is not the input's fault
  return RE2JS.compile(pattern).matcher(v).find();
}

function isIpv4(v: string): boolean {
  const parts = v.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIp(v: string): boolean {
  return isIpv4(v) || (/^[0-9a-fA-F:.]+$/.test(v) && v.includes(':'));
}

function isHostname(v: string): boolean {
  if (v.length === 0 || v.length > 253) return false;
  const s = v.endsWith('.') ? v.slice(0, -1) : v;
  return s.split('.').every((l) => /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/.test(l));
}

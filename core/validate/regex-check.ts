import { RE2JS } from 're2js';

/**
 * The largest RE2 program isobar emits. isobar's bootstrap lifts Envoy's own limit
 * (`re2.max_program_size.error_level`, default 100) to ENVOY_RE2_PROGRAM_LIMIT, so this is the bound that
 * counts. re2js counts instructions the way Go's regexp does, which can be several times fewer than RE2's
 * byte-level program; the margin to Envoy's limit covers that, and both stay far below RE2's memory cap.
 */
export const MAX_REGEX_PROGRAM_SIZE = 2000;
export const ENVOY_RE2_PROGRAM_LIMIT = 100_000;

export interface CompiledRegex {
  groups: number;
  programSize: number;
}

const cache = new Map<string, CompiledRegex | string>();
const CACHE_LIMIT = 10_000;

/** Compiles with RE2 semantics (no lookaround, no backreferences); the error text, or the compiled facts. */
export function compileRe2(pattern: string): CompiledRegex | string {
  let hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  try {
    const re = RE2JS.compile(pattern);
    hit = { groups: re.groupCount(), programSize: re.programSize() };
  } catch (err) {
    hit = err instanceof Error ? err.message : String(err);
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, hit);
  return hit;
}

/** What Envoy would say of a regex it must compile: undefined when it compiles within the program size. */
export function regexProblem(pattern: string): string | undefined {
  const c = compileRe2(pattern);
  if (typeof c === 'string') return `invalid RE2 regex ${JSON.stringify(truncate(pattern))}: ${c}`;
  if (c.programSize > MAX_REGEX_PROGRAM_SIZE) {
    return `regex ${JSON.stringify(truncate(pattern))} is too complex: RE2 program size ${c.programSize} exceeds ${MAX_REGEX_PROGRAM_SIZE}`;
  }
  return undefined;
}

/**
 * RE2's rewrite check, as Envoy applies it to `regex_rewrite`: `\N` must name a group the pattern has,
 * and a backslash may only precede a digit or another backslash.
 */
export function substitutionProblem(pattern: string, substitution: string): string | undefined {
  const c = compileRe2(pattern);
  if (typeof c === 'string') return undefined; // the pattern itself is reported
  for (let i = 0; i < substitution.length; i++) {
    if (substitution[i] !== '\\') continue;
    const next = substitution[++i];
    if (next === '\\') continue;
    if (next === undefined || next < '0' || next > '9') return `substitution ${JSON.stringify(truncate(substitution))}: a backslash must be followed by a digit or a backslash`;
    const n = Number(next);
    if (n > c.groups) return `substitution ${JSON.stringify(truncate(substitution))} refers to group \\${n}, but the regex has only ${c.groups} group(s)`;
  }
  return undefined;
}

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/**
 * The runtime every bootstrap isobar writes carries: RE2's program-size ceiling lifted to the limit the
 * regex checks keep to (Envoy's default of 100 refuses long literal hosts), plus the admin layer Envoy
 * has by default.
 */
export function envoyRuntimeLayers(): Array<{ name: string; staticLayer?: Record<string, unknown>; adminLayer?: Record<string, never> }> {
  return [
    { name: 'isobar-static', staticLayer: { 're2.max_program_size.error_level': ENVOY_RE2_PROGRAM_LIMIT, 're2.max_program_size.warn_level': ENVOY_RE2_PROGRAM_LIMIT } },
    { name: 'admin', adminLayer: {} },
  ];
}

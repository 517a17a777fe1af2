/**
 * A Go-style duration ("1s", "150ms", "1m30s", "infinity") in milliseconds. `infinity` is
 * Number.POSITIVE_INFINITY; anything unparseable is undefined, so callers can report the field.
 */
export function durationFromString(text: unknown): number | undefined {
  if (typeof text !== 'string' || text.length === 0) return undefined;
  if (text === 'infinity' || text === 'infinite') return Number.POSITIVE_INFINITY;
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
  let total = 0;
  let rest = text;
  while (rest.length > 0) {
    const m = /^(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * units[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}

/** Milliseconds as a protobuf Duration. */
export function toProtoDuration(ms: number): { seconds: number; nanos: number } {
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

/**
 * The hostile values the mutations draw from, each with what isobar must do with it. `refused`: the object
 * may not be `valid` (Envoy or the API server would refuse it); `reported`: isobar may serve it or not, but
 * must account for it on /status and must never let Envoy see something it rejects.
 */
export type Expectation = 'refused' | 'reported';

export interface AttackValue<T> {
  value: T;
  expect: Expectation;
}

const r = <T>(value: T): AttackValue<T> => ({ value, expect: 'refused' });
const ok = <T>(value: T): AttackValue<T> => ({ value, expect: 'reported' });

/** Out of a port's 1-65535 (1e20 is not even an integer once parsed). */
export const BAD_PORTS = [r(0), r(70000), r(-1), r(1e20)];

export const UINT32_MAX = 4294967295;
/** Beyond uint32: Envoy's num_retries would overflow. */
export const HUGE_RETRY_COUNT = 8589934592;

/** Control characters: never valid in a host, a header value or a path rewrite. */
export const CONTROL_CHARS = ['\r', '\n', '\0', '\r\n'];

/**
 * ImplementationSpecific paths used as regexes (a `/$1` rewrite-target makes them one): RE2 refuses
 * unbalanced groups, lookarounds, backreferences and repetitions over 1000; a long literal is fine.
 */
export const REGEX_PATHS = [r('/x('), r('/(?=a)'), r('/(a)\\1'), r('/a{2000}'), r('/(?<!b)c'), ok(`/${'l'.repeat(300)}`), ok('/(a{1000}){1000}')];

/** `prefix` + labels of up to `labelLength` letters + `suffix`, exactly `total` characters long. */
function hostOfLength(prefix: string, suffix: string, total: number, labelLength: number): string {
  const labels: string[] = [];
  let length = prefix.length + suffix.length;
  for (let i = 0; length < total; i++) {
    const room = total - length - 1; // one dot before the suffix
    const n = Math.min(labelLength, room);
    if (n < 1) break;
    labels.push(String.fromCharCode(97 + (i % 26)).repeat(n));
    length += n + 1;
  }
  return `${prefix}${labels.join('.')}.${suffix}`;
}

/** Hosts: over 253 characters, or a label over 63, are not DNS names; long legal (wildcard) ones must still not break Envoy. */
export function longHosts(tag: string): AttackValue<string>[] {
  const suffix = `${tag}.test`;
  return [
    r(hostOfLength('', suffix, 300, 60)),
    r(`${'a'.repeat(64)}.${suffix}`),
    ok(hostOfLength('*.', suffix, 253, 61)),
    ok(hostOfLength('', suffix, 253, 63)),
  ];
}

import { fromBinary, getOption, toJson, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { reflect, type ReflectList, type ReflectMap, type ReflectMessage } from '@bufbuild/protobuf/reflect';
import { envoyRegistry } from './envoy-registry.js';
import { checkBytes, checkEnum, checkNumber, checkString, durationRules, showDuration, type Rules } from './pgv-rules.js';
import { regexProblem, substitutionProblem } from './regex-check.js';

/** A step into a message: a field's proto name, a list index or a map key. */
export type PathItem = string | number;

export interface Violation {
  path: PathItem[];
  /** As Envoy words it: `<Message>ValidationError.<Field>: <reason>`. */
  message: string;
}

const WRAPPERS = new Set(['DoubleValue', 'FloatValue', 'Int64Value', 'UInt64Value', 'Int32Value', 'UInt32Value', 'BoolValue', 'StringValue', 'BytesValue'].map((n) => `google.protobuf.${n}`));
/** Envoy's bound on a Duration's seconds (10,000 years, as protobuf's own). */
const MAX_DURATION_SECONDS = 315_576_000_000n;

/**
 * Checks an encoded message as Envoy would before accepting it: the `validate` (PGV) rules its protos
 * carry, on every field, inside every Any it can unpack; and every RE2 regex compiled for real. One
 * generic walk over the descriptors, so no field needs a hand-written twin of Envoy's rules.
 */
export function validateMessage(typeName: string, bytes: Uint8Array): Violation[] {
  const { registry } = envoyRegistry();
  const desc = registry.getMessage(typeName);
  if (!desc) throw new Error(`no descriptor for ${typeName}`);
  const out: Violation[] = [];
  walk(reflect(desc, fromBinary(desc, bytes)), [], out);
  return out;
}

function walk(m: ReflectMessage, path: PathItem[], out: Violation[]): void {
  const reg = envoyRegistry();
  if (getOption(m.desc, reg.messageDisabled) === true || (reg.messageIgnored !== undefined && getOption(m.desc, reg.messageIgnored) === true)) return;
  const fail = (field: string, p: PathItem[], reason: string) => out.push({ path: p, message: `${m.desc.name}ValidationError.${pascal(field)}: ${reason}` });
  for (const oneof of m.oneofs) {
    if (getOption(oneof, reg.oneofRequired) === true && m.oneofCase(oneof) === undefined) fail(oneof.name, [...path, oneof.name], 'value is required');
  }
  special(m, path, out);
  for (const field of m.fields) {
    const rules = rulesOf(field);
    const p = [...path, field.name];
    const say = (reason: string, at: PathItem[] = p) => fail(field.name, at, reason);
    if (field.oneof && m.oneofCase(field.oneof) !== field) continue;
    switch (field.fieldKind) {
      case 'list': {
        const list = m.get(field) as ReflectList;
        const r = (rules?.repeated ?? {}) as Rules;
        if (r.ignoreEmpty === true && list.size === 0) break;
        if (r.minItems !== undefined && list.size < Number(r.minItems)) say(`value must contain at least ${Number(r.minItems)} item(s)`);
        if (r.maxItems !== undefined && list.size > Number(r.maxItems)) say(`value must contain no more than ${Number(r.maxItems)} item(s)`);
        if (r.unique === true && field.listKind !== 'message' && new Set([...list].map(String)).size !== list.size) say('repeated value must contain unique items');
        const items = r.items as Rules | undefined;
        let i = 0;
        for (const v of list) {
          const at = [...p, i++];
          if (field.listKind === 'message') value(field.message, v as ReflectMessage, items, at, say, out);
          else scalar(field, v, items, (reason) => say(reason, at));
        }
        break;
      }
      case 'map': {
        const map = m.get(field) as ReflectMap;
        const r = (rules?.map ?? {}) as Rules;
        if (r.minPairs !== undefined && map.size < Number(r.minPairs)) say(`value must contain at least ${Number(r.minPairs)} pair(s)`);
        if (r.maxPairs !== undefined && map.size > Number(r.maxPairs)) say(`value must contain no more than ${Number(r.maxPairs)} pair(s)`);
        for (const [k, v] of map) {
          const at = [...p, String(k)];
          const keyRules = (r.keys as Rules | undefined)?.string as Rules | undefined;
          if (keyRules && typeof k === 'string') {
            const bad = checkString(k, keyRules);
            if (bad) say(`key ${bad}`, at);
          }
          if (field.mapKind === 'message') value(field.message, v as ReflectMessage, r.values as Rules | undefined, at, say, out);
          else scalar(field, v, r.values as Rules | undefined, (reason) => say(reason, at));
        }
        break;
      }
      case 'message': {
        const set = m.isSet(field);
        if (!set) {
          if ((rules?.message as Rules | undefined)?.required === true || requiredByKind(rules)) say('value is required');
          break;
        }
        value(field.message, m.get(field) as ReflectMessage, rules, p, say, out);
        break;
      }
      default:
        // Explicit-presence scalars (proto3 `optional`) that are unset carry no value to check.
        if (field.presence === 1 && !m.isSet(field)) break;
        scalar(field, m.get(field), rules, say);
    }
  }
}

/** A set message-typed value: well-known types by their own rules, anything else walked into. */
function value(desc: DescMessage, v: ReflectMessage, rules: Rules | undefined, path: PathItem[], say: (reason: string, at?: PathItem[]) => void, out: Violation[]): void {
  const reg = envoyRegistry();
  if (WRAPPERS.has(desc.typeName)) {
    const inner = v.fields[0]!;
    scalar(inner, v.get(inner), rules, (reason) => say(reason, path));
    return;
  }
  if (desc.typeName === 'google.protobuf.Duration') {
    const seconds = BigInt(v.get(v.fields.find((f) => f.name === 'seconds')!) as bigint);
    const nanos = v.get(v.fields.find((f) => f.name === 'nanos')!) as number;
    // Envoy refuses every negative or out-of-range duration, whatever the field's own rules say.
    if (seconds < 0n || nanos < 0 || nanos > 999_999_999 || seconds > MAX_DURATION_SECONDS) {
      return say(`duration ${seconds}s ${nanos}ns is out of range: it must be between 0s and ${MAX_DURATION_SECONDS}s`, path);
    }
    const r = rules?.duration as Rules | undefined;
    const bad = r ? checkNumber(seconds * 1_000_000_000n + BigInt(nanos), durationRules(r), showDuration) : undefined;
    if (bad) say(bad, path);
    return;
  }
  if (desc.typeName === 'google.protobuf.Any') {
    const typeUrl = v.get(v.fields.find((f) => f.name === 'type_url')!) as string;
    const r = rules?.any as Rules | undefined;
    if ((r?.in as string[] | undefined)?.length && !(r!.in as string[]).includes(typeUrl)) say(`type URL must be in list ${JSON.stringify(r!.in)}`, path);
    const inner = reg.registry.getMessage(typeUrl.slice(typeUrl.lastIndexOf('/') + 1));
    if (!inner) return; // a type this build of isobar never packs; nothing to hold it against
    const bytes = v.get(v.fields.find((f) => f.name === 'value')!) as Uint8Array;
    walk(reflect(inner, fromBinary(inner, bytes)), [...path, `<${inner.typeName}>`], out);
    return;
  }
  if ((rules?.message as Rules | undefined)?.skip === true) return;
  walk(v, path, out);
}

function scalar(field: DescField, v: unknown, rules: Rules | undefined, say: (reason: string) => void): void {
  if (!rules) return;
  const [kind, r] = Object.entries(rules).find(([k]) => k !== 'message') ?? [];
  if (!kind || !r) return;
  const rr = r as Rules;
  let bad: string | undefined;
  if (kind === 'string' && typeof v === 'string') bad = checkString(v, rr);
  else if (kind === 'bytes' && v instanceof Uint8Array) bad = checkBytes(v, rr);
  else if (kind === 'enum' && typeof v === 'number' && field.enum) {
    const e = field.enum;
    bad = checkEnum(v, rr, new Set(e.values.map((x) => x.number)), new Map(e.values.map((x) => [x.name, x.number])));
  } else if (kind === 'bool' && typeof v === 'boolean') bad = rr.const !== undefined && v !== rr.const ? `value must equal ${String(rr.const)}` : undefined;
  else if (typeof v === 'number' || typeof v === 'bigint') bad = checkNumber(v, rr);
  if (bad) say(bad);
}

/** Rules kinds that imply presence (PGV: `any.required`, `duration.required`, `timestamp.required`). */
function requiredByKind(rules: Rules | undefined): boolean {
  if (!rules) return false;
  return ['any', 'duration', 'timestamp'].some((k) => (rules[k] as Rules | undefined)?.required === true);
}

/** Checks that are Envoy's but not PGV's, on the messages they belong to. */
function special(m: ReflectMessage, path: PathItem[], out: Violation[]): void {
  const check = SPECIAL[m.desc.typeName];
  if (check) for (const v of check(m)) out.push({ path: [...path, ...v.path], message: v.message });
}

const get = (m: ReflectMessage, name: string): unknown => m.get(m.fields.find((f) => f.name === name)!);
const has = (m: ReflectMessage, name: string): boolean => m.isSet(m.fields.find((f) => f.name === name)!);
const list = (m: ReflectMessage, name: string): ReflectMessage[] => [...(get(m, name) as ReflectList<ReflectMessage>)];

const SPECIAL: Record<string, (m: ReflectMessage) => Violation[]> = {
  'envoy.type.matcher.v3.RegexMatcher': (m) => {
    const bad = regexProblem(get(m, 'regex') as string);
    return bad ? [{ path: ['regex'], message: `RegexMatcherValidationError.Regex: ${bad}` }] : [];
  },
  'envoy.type.matcher.v3.RegexMatchAndSubstitute': (m) => {
    if (!has(m, 'pattern')) return [];
    const bad = substitutionProblem(get(get(m, 'pattern') as ReflectMessage, 'regex') as string, get(m, 'substitution') as string);
    return bad ? [{ path: ['substitution'], message: `RegexMatchAndSubstituteValidationError.Substitution: ${bad}` }] : [];
  },
  // Envoy sums the weights into a uint32 and refuses a sum of 0 or one that overflows.
  'envoy.config.route.v3.WeightedCluster': (m) => {
    const sum = list(m, 'clusters').reduce((acc, c) => acc + (has(c, 'weight') ? Number(get(get(c, 'weight') as ReflectMessage, 'value')) : 0), 0);
    if (sum > 0xffffffff) return [{ path: ['clusters'], message: `WeightedCluster: the sum of weights ${sum} exceeds the uint32 maximum 4294967295` }];
    if (sum === 0) return [{ path: ['clusters'], message: 'WeightedCluster: sum of weights in the weighted_cluster must be greater than 0' }];
    return [];
  },
  // One route configuration may name each domain (case-insensitively) and each virtual host once.
  'envoy.config.route.v3.RouteConfiguration': (m) => {
    const out: Violation[] = [];
    const domains = new Map<string, number>();
    const names = new Set<string>();
    list(m, 'virtual_hosts').forEach((vh, i) => {
      const name = get(vh, 'name') as string;
      if (names.has(name)) out.push({ path: ['virtual_hosts', i, 'name'], message: `RouteConfiguration: virtual host names must be unique; "${name}" appears twice` });
      names.add(name);
      for (const d of get(vh, 'domains') as ReflectList<string>) {
        const key = d.toLowerCase();
        if (domains.has(key)) out.push({ path: ['virtual_hosts', i, 'domains'], message: `Only unique values for domains are permitted. Duplicate entry of domain ${key} in route ${get(m, 'name') as string}` });
        domains.set(key, i);
      }
    });
    return out;
  },
  // Two filter chains with the same match are refused as a whole listener.
  'envoy.config.listener.v3.Listener': (m) => {
    const out: Violation[] = [];
    const seen = new Set<string>();
    list(m, 'filter_chains').forEach((fc, i) => {
      const match = has(fc, 'filter_chain_match') ? [...(get(get(fc, 'filter_chain_match') as ReflectMessage, 'server_names') as ReflectList<string>)].map((n) => n.toLowerCase()) : [];
      for (const n of match.length > 0 ? match : ['']) {
        if (seen.has(n)) out.push({ path: ['filter_chains', i, 'filter_chain_match'], message: `multiple filter chains with the same matching rules are defined (server name "${n}")` });
        seen.add(n);
      }
    });
    return out;
  },
};

const rulesCache = new WeakMap<DescField, Rules | null>();

function rulesOf(field: DescField): Rules | undefined {
  let r = rulesCache.get(field);
  if (r === undefined) {
    const reg = envoyRegistry();
    const opt = getOption(field, reg.fieldRules);
    r = opt ? (toJson(reg.registry.getMessage('validate.FieldRules')!, opt as never, { registry: reg.registry }) as Rules) : null;
    if (r && Object.keys(r).length === 0) r = null;
    rulesCache.set(field, r);
  }
  return r ?? undefined;
}

function pascal(name: string): string {
  return name.replace(/(^|_)([a-z0-9])/g, (_m, _u, c: string) => c.toUpperCase());
}

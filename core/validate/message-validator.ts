import { fromBinary, getOption, toJson, type DescField, type DescMessage, type DescOneof } from '@bufbuild/protobuf';
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
  return validateDecoded(typeName, bytes).violations;
}

/** validateMessage, also handing back the decoded message (for checks across several of them). */
export function validateDecoded(typeName: string, bytes: Uint8Array): { violations: Violation[]; message: ReflectMessage } {
  const { registry } = envoyRegistry();
  const desc = registry.getMessage(typeName);
  if (!desc) throw new Error(`no descriptor for ${typeName}`);
  const violations: Violation[] = [];
  const message = reflect(desc, fromBinary(desc, bytes));
  walk(message, [], violations);
  return { violations, message };
}

/** What to look at in one message type, worked out once: its rules, and the fields that can hold any. */
interface Plan {
  skip: boolean;
  requiredOneofs: DescOneof[];
  /** Fields with rules of their own, or holding messages (which may have some). */
  fields: Array<{ field: DescField; rules: Rules | undefined }>;
}

const plans = new WeakMap<DescMessage, Plan>();

function planOf(desc: DescMessage): Plan {
  let plan = plans.get(desc);
  if (plan) return plan;
  const reg = envoyRegistry();
  const skip = getOption(desc, reg.messageDisabled) === true || (reg.messageIgnored !== undefined && getOption(desc, reg.messageIgnored) === true);
  const holdsMessages = (f: DescField) => f.fieldKind === 'message' || (f.fieldKind === 'list' && f.listKind === 'message') || (f.fieldKind === 'map' && f.mapKind === 'message');
  plan = {
    skip,
    requiredOneofs: desc.oneofs.filter((o) => getOption(o, reg.oneofRequired) === true),
    fields: desc.fields.map((field) => ({ field, rules: rulesOf(field) })).filter((f) => f.rules !== undefined || holdsMessages(f.field)),
  };
  plans.set(desc, plan);
  return plan;
}

/** `path` is a stack the walk pushes to and pops from; a violation takes a copy. */
function walk(m: ReflectMessage, path: PathItem[], out: Violation[]): void {
  const plan = planOf(m.desc);
  if (plan.skip) return;
  for (const oneof of plan.requiredOneofs) {
    if (m.oneofCase(oneof) === undefined) report(out, m.desc, oneof.name, [...path, oneof.name], 'value is required');
  }
  special(m, path, out);
  for (const { field, rules } of plan.fields) {
    if (field.oneof && m.oneofCase(field.oneof) !== field) continue;
    path.push(field.name);
    const say = (reason: string, at: PathItem[] = path) => report(out, m.desc, field.name, [...at], reason);
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
          path.push(i++);
          if (field.listKind === 'message') value(field.message, v as ReflectMessage, items, path, say, out);
          else scalar(field, v, items, say);
          path.pop();
        }
        break;
      }
      case 'map': {
        const map = m.get(field) as ReflectMap;
        const r = (rules?.map ?? {}) as Rules;
        if (r.minPairs !== undefined && map.size < Number(r.minPairs)) say(`value must contain at least ${Number(r.minPairs)} pair(s)`);
        if (r.maxPairs !== undefined && map.size > Number(r.maxPairs)) say(`value must contain no more than ${Number(r.maxPairs)} pair(s)`);
        const keyRules = (r.keys as Rules | undefined)?.string as Rules | undefined;
        for (const [k, v] of map) {
          path.push(String(k));
          if (keyRules && typeof k === 'string') {
            const bad = checkString(k, keyRules);
            if (bad) say(`key ${bad}`);
          }
          if (field.mapKind === 'message') value(field.message, v as ReflectMessage, r.values as Rules | undefined, path, say, out);
          else scalar(field, v, r.values as Rules | undefined, say);
          path.pop();
        }
        break;
      }
      case 'message': {
        if (!m.isSet(field)) {
          if ((rules?.message as Rules | undefined)?.required === true || requiredByKind(rules)) say('value is required');
          break;
        }
        value(field.message, m.get(field) as ReflectMessage, rules, path, say, out);
        break;
      }
      default:
        // Explicit-presence scalars (proto3 `optional`) that are unset carry no value to check.
        if (field.presence === 1 && !m.isSet(field)) break;
        scalar(field, m.get(field), rules, say);
    }
    path.pop();
  }
}

function report(out: Violation[], desc: DescMessage, field: string, path: PathItem[], reason: string): void {
  out.push({ path, message: `${desc.name}ValidationError.${pascal(field)}: ${reason}` });
}

/** A set message-typed value: well-known types by their own rules, anything else walked into. */
function value(desc: DescMessage, v: ReflectMessage, rules: Rules | undefined, path: PathItem[], say: (reason: string) => void, out: Violation[]): void {
  const reg = envoyRegistry();
  if (WRAPPERS.has(desc.typeName)) {
    const inner = v.fields[0]!;
    scalar(inner, v.get(inner), rules, say);
    return;
  }
  if (desc.typeName === 'google.protobuf.Duration') {
    const seconds = BigInt(v.get(v.fields.find((f) => f.name === 'seconds')!) as bigint);
    const nanos = v.get(v.fields.find((f) => f.name === 'nanos')!) as number;
    // Envoy refuses every negative or out-of-range duration, whatever the field's own rules say.
    if (seconds < 0n || nanos < 0 || nanos > 999_999_999 || seconds > MAX_DURATION_SECONDS) {
      return say(`duration ${seconds}s ${nanos}ns is out of range: it must be between 0s and ${MAX_DURATION_SECONDS}s`);
    }
    const r = rules?.duration as Rules | undefined;
    const bad = r ? checkNumber(seconds * 1_000_000_000n + BigInt(nanos), durationRules(r), showDuration) : undefined;
    if (bad) say(bad);
    return;
  }
  if (desc.typeName === 'google.protobuf.Any') {
    const typeUrl = v.get(v.fields.find((f) => f.name === 'type_url')!) as string;
    const r = rules?.any as Rules | undefined;
    if ((r?.in as string[] | undefined)?.length && !(r!.in as string[]).includes(typeUrl)) say(`type URL must be in list ${JSON.stringify(r!.in)}`);
    const inner = reg.registry.getMessage(typeUrl.slice(typeUrl.lastIndexOf('/') + 1));
    if (!inner) return; // a type this build of isobar never packs; nothing to hold it against
    const bytes = v.get(v.fields.find((f) => f.name === 'value')!) as Uint8Array;
    path.push(`<${inner.typeName}>`);
    walk(reflect(inner, fromBinary(inner, bytes)), path, out);
    path.pop();
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

export const get = (m: ReflectMessage, name: string): unknown => m.get(m.fields.find((f) => f.name === name)!);
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

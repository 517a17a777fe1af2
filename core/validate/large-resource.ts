import { BinaryReader, BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import type { ReflectList, ReflectMessage } from '@bufbuild/protobuf/reflect';
import { shortHash } from '../util/stable-json.js';
import { get, validateDecoded, validateMessage, type Violation } from './message-validator.js';

/**
 * Resources made of many parts (a route configuration's virtual hosts, a listener's filter chains) are
 * checked part by part: each part by its own bytes, remembered by hash, so a change to one host re-checks
 * that host and not the 10,000 others. What Envoy checks across parts (a domain or server name used twice)
 * is checked from keys remembered with each part.
 */
interface Split {
  field: string;
  fieldNumber: number;
  element: string;
  /** The names a part claims, which no other part of the resource may claim (lower-cased). */
  keys(part: ReflectMessage): string[];
  duplicate(key: string, resource: string): string;
}

const SPLITS: Record<string, Split> = {
  'envoy.config.route.v3.RouteConfiguration': {
    field: 'virtual_hosts',
    fieldNumber: 2,
    element: 'envoy.config.route.v3.VirtualHost',
    keys: (vh) => [...(get(vh, 'domains') as ReflectList<string>)].map((d) => `domain ${d.toLowerCase()}`).concat(`name ${get(vh, 'name') as string}`),
    duplicate: (key, resource) => `Only unique values for domains and virtual host names are permitted: ${key} appears twice in route configuration ${resource}`,
  },
  'envoy.config.listener.v3.Listener': {
    field: 'filter_chains',
    fieldNumber: 3,
    element: 'envoy.config.listener.v3.FilterChain',
    keys: (fc) => {
      const match = fc.isSet(fc.fields.find((f) => f.name === 'filter_chain_match')!) ? (get(fc, 'filter_chain_match') as ReflectMessage) : undefined;
      const names = match ? [...(get(match, 'server_names') as ReflectList<string>)].map((n) => n.toLowerCase()) : [];
      return names.length > 0 ? names.map((n) => `server name ${n}`) : ['no server name'];
    },
    duplicate: (key, resource) => `multiple filter chains with the same matching rules are defined (${key}) in listener ${resource}`,
  },
};

interface PartVerdict {
  violations: Violation[];
  keys: string[];
}

const parts = new Map<string, PartVerdict>();
const PARTS_LIMIT = 200_000;

/** Checks a resource as Envoy would, splitting the kinds above into their parts. */
export function checkResource(typeName: string, name: string, bytes: Uint8Array): Violation[] {
  const split = SPLITS[typeName];
  if (!split) return validateMessage(typeName, bytes);
  const reader = new BinaryReader(bytes);
  const rest = new BinaryWriter();
  const elements: Uint8Array[] = [];
  while (reader.pos < reader.len) {
    const start = reader.pos;
    const [no, wireType] = reader.tag();
    if (no === split.fieldNumber && wireType === WireType.LengthDelimited) {
      elements.push(reader.bytes());
      continue;
    }
    reader.skip(wireType, no);
    rest.raw(bytes.subarray(start, reader.pos));
  }
  const out = validateMessage(typeName, rest.finish());
  const claimed = new Map<string, number>();
  elements.forEach((el, i) => {
    const verdict = partVerdict(split, el);
    for (const v of verdict.violations) out.push({ path: [split.field, i, ...v.path], message: v.message });
    for (const key of verdict.keys) {
      if (claimed.has(key)) out.push({ path: [split.field, i], message: split.duplicate(key, name) });
      else claimed.set(key, i);
    }
  });
  return out;
}

function partVerdict(split: Split, bytes: Uint8Array): PartVerdict {
  const hash = `${split.element}|${shortHash(bytes, 16)}`;
  let v = parts.get(hash);
  if (!v) {
    const { violations, message } = validateDecoded(split.element, bytes);
    v = { violations, keys: split.keys(message) };
    if (parts.size >= PARTS_LIMIT) parts.clear();
    parts.set(hash, v);
  }
  return v;
}

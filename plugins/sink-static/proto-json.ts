import { type AnyRegistry, envoyAnyRegistry, type JsonCodec } from './any-registry.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

interface AnyMessage {
  typeUrl: string;
  value: Uint8Array;
}

/**
 * Proto3 JSON for a ts-proto message, readable by Envoy. ts-proto's own toJSON writes a
 * google.protobuf.Any as {typeUrl, value: base64}, which Envoy cannot read; here every Any, at any
 * depth (an HttpConnectionManager inside a Listener, a Router inside that), is unpacked with the
 * registry's codec and written as {"@type": url, ...fields}. An Any of an unregistered type is an error:
 * silently writing base64 would give Envoy a config it rejects far from the cause.
 *
 * How: Anys in the message are swapped for placeholder Anys whose type URL is a unique token, the
 * codec's toJSON runs, and each placeholder in its output is replaced by the expanded Any. So the
 * placement of every field stays ts-proto's, and no JSON shape is guessed at.
 *
 * Durations come out as ts-proto writes them ({"seconds": 5}); Envoy's JSON parser accepts that.
 */
export function toProtoJson<T>(codec: JsonCodec<T>, message: T, registry: AnyRegistry = envoyAnyRegistry): JsonObject {
  const found = new Map<string, AnyMessage>();
  const stripped = swapAnys(message, found) as T;
  const json = codec.toJSON(stripped) as JsonValue;
  const restored = restoreAnys(json, found, registry);
  if (restored === null || typeof restored !== 'object' || Array.isArray(restored)) {
    throw new Error('proto-json: the codec did not produce a JSON object');
  }
  return restored;
}

/** toProtoJson as text: two-space indented, with a final newline. */
export function renderProtoJson<T>(codec: JsonCodec<T>, message: T, registry: AnyRegistry = envoyAnyRegistry): string {
  return JSON.stringify(toProtoJson(codec, message, registry), null, 2) + '\n';
}

/** Unpacks one Any into its proto3 JSON form. */
export function anyToProtoJson(any: AnyMessage, registry: AnyRegistry = envoyAnyRegistry): JsonObject {
  if (any.typeUrl === '') throw new Error('proto-json: an Any has no type URL');
  const codec = registry.lookup(any.typeUrl);
  if (!codec) {
    throw new Error(`proto-json: no codec for ${any.typeUrl}; register its ts-proto codec in the AnyRegistry`);
  }
  const inner = toProtoJson(codec, codec.decode(any.value), registry);
  if ('@type' in inner) throw new Error(`proto-json: ${any.typeUrl} has a field named @type`);
  return { '@type': any.typeUrl, ...inner };
}

/** ts-proto builds every Any with exactly these two fields; no other message has that shape. */
function isAny(v: object): v is AnyMessage {
  const keys = Object.keys(v);
  return (
    keys.length === 2 &&
    typeof (v as Partial<AnyMessage>).typeUrl === 'string' &&
    (v as Partial<AnyMessage>).value instanceof Uint8Array
  );
}

function swapAnys(v: unknown, found: Map<string, AnyMessage>): unknown {
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array || v instanceof Date) return v;
  if (Array.isArray(v)) return v.map((item) => swapAnys(item, found));
  if (isAny(v)) {
    const token = `\u0000isobar-any-${found.size}`;
    found.set(token, v);
    return { typeUrl: token, value: new Uint8Array(0) };
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(v)) out[key] = swapAnys(value, found);
  return out;
}

function restoreAnys(v: JsonValue, found: Map<string, AnyMessage>, registry: AnyRegistry): JsonValue {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((item) => restoreAnys(item, found, registry));
  const token = v['typeUrl'];
  if (typeof token === 'string') {
    const any = found.get(token);
    if (any) return anyToProtoJson(any, registry);
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(v)) out[key] = restoreAnys(value, found, registry);
  return out;
}

/**
 * Keeps private keys out of what isobar shows people: CLI output, logs, the status endpoint, error
 * messages. Envoy still gets the real keys over xDS (and `render -o <file>` writes them); this is only
 * for what a human, a terminal scrollback or a log shipper sees.
 *
 * Two layers, because a key can turn up in two ways:
 *  - by shape: fields that hold key material in Envoy's resources (TlsCertificate.private_key, its
 *    password, session ticket keys, generic secrets) and every value of a Kubernetes Secret's data;
 *  - by content: a PEM "PRIVATE KEY" block, or the base64 of one (a Secret's data value), inside any
 *    string, such as an error message quoting the start of a value.
 * Redaction keeps the structure (keys, arrays, types of containers) so JSON and YAML stay valid, and
 * leaves what is not secret (certificates, names, file paths) as it was.
 */

/** What a redacted value reads where the user could have asked for it (`isobar xds`, `isobar render`). */
export const REDACTED = '[redacted: use --show-secrets]';
/** What a redacted value reads where there is no way to ask for it (logs, the status endpoint). */
export const REDACTED_ALWAYS = '[redacted]';

/**
 * Envoy fields whose whole subtree is key material, in proto JSON (camelCase) and in YAML/proto names
 * (snake_case). Inside them only the inline data is replaced: a DataSource's filename stays visible.
 */
const SENSITIVE_FIELDS = new Set([
  'privateKey',
  'private_key',
  'password',
  'sessionTicketKeys',
  'session_ticket_keys',
  'genericSecret',
  'generic_secret',
  'genericSecrets',
  'generic_secrets',
]);

/** Fields of a DataSource (or near it) that say where the data is, not what it is. */
const LOCATION_FIELDS = new Set(['filename', 'environmentVariable', 'environment_variable', 'watchedDirectory', 'watched_directory', 'path', 'name']);

/** A whole PEM private key block (PKCS#8, RSA, EC, encrypted, OpenSSH): BEGIN and END labels agree. */
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g;
/**
 * A block cut short (a message that quotes only the start, a bad PEM without its END line): from BEGIN
 * on through everything that can be part of a PEM body, including JSON's escaped line breaks.
 */
const PEM_START = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?:[A-Za-z0-9+/=\s:,.-]|\\[rn])*/g;
/** "-----BEGIN" in base64, as a Kubernetes Secret's data starts: a candidate for a base64 PEM. */
const BASE64_PEM = /LS0tLS1CRUdJTi[A-Za-z0-9+/]*={0,2}/g;

/** The text with every PEM private key, plain or in base64, replaced by `marker`. */
export function redactText(text: string, marker: string = REDACTED): string {
  // Fast path: most strings (every log message, most fields) hold neither.
  if (!text.includes('PRIVATE KEY') && !text.includes('LS0tLS1CRUdJTi')) return text;
  return text
    .replace(PEM_BLOCK, marker)
    .replace(PEM_START, marker)
    .replace(BASE64_PEM, (run) => (decodesToPrivateKey(run) ? marker : run));
}

function decodesToPrivateKey(run: string): boolean {
  // A prefix cut anywhere still decodes up to its last whole group of four.
  const whole = run.slice(0, run.length - (run.length % 4));
  return Buffer.from(whole, 'base64').toString('latin1').includes('PRIVATE KEY');
}

/**
 * A copy of `value` with every secret replaced by `marker` (see the module comment): plain objects,
 * arrays, errors (message, stack and cause) and strings at any depth. The input is not changed.
 */
export function redactSecrets<T>(value: T, marker: string = REDACTED): T {
  return new Redactor(marker).value(value) as T;
}

/**
 * JSON text redacted and printed again with the same indentation; text that is not JSON is redacted
 * as text.
 */
export function redactJsonText(text: string, marker: string = REDACTED, indent = 2): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return redactText(text, marker);
  }
  return JSON.stringify(redactSecrets(parsed, marker), null, indent) + (text.endsWith('\n') ? '\n' : '');
}

/** An error's message with its keys masked, for the one line a command prints when it fails. */
export function redactedMessage(err: unknown, marker: string = REDACTED): string {
  return redactText(err instanceof Error ? err.message : String(err), marker);
}

class Redactor {
  /** Objects already copied: shared and cyclic references come out shared and cyclic, not endless. */
  private readonly copies = new Map<object, unknown>();

  constructor(private readonly marker: string) {}

  value(v: unknown, sensitive = false): unknown {
    if (typeof v === 'string') return sensitive ? (v === '' ? v : this.marker) : redactText(v, this.marker);
    if (v === null || typeof v !== 'object') return v;
    if (v instanceof Uint8Array) return sensitive || decodesKey(v) ? this.marker : v;
    const done = this.copies.get(v);
    if (done !== undefined) return done;
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      this.copies.set(v, out);
      for (const item of v) out.push(this.value(item, sensitive));
      return out;
    }
    if (v instanceof Error) return this.error(v, sensitive);
    if (v instanceof Date || v instanceof Map || v instanceof Set || v instanceof RegExp) return v;
    const json = (v as { toJSON?: unknown }).toJSON;
    if (typeof json === 'function') return this.value(json.call(v), sensitive);
    const out: Record<string, unknown> = {};
    this.copies.set(v, out);
    const secretData = isKubernetesSecret(v);
    for (const [key, child] of Object.entries(v)) {
      if (secretData && (key === 'data' || key === 'stringData')) out[key] = this.secretMap(child);
      else if (sensitive) out[key] = LOCATION_FIELDS.has(key) ? child : this.value(child, true);
      else out[key] = this.value(child, SENSITIVE_FIELDS.has(key));
    }
    return out;
  }

  /** Every value of a Secret's data is secret, whatever its key: keys (tls.crt, ca.crt, password) stay. */
  private secretMap(m: unknown): unknown {
    if (m === null || typeof m !== 'object' || Array.isArray(m)) return this.value(m, true);
    return Object.fromEntries(Object.entries(m).map(([k, v]) => [k, this.marker]));
  }

  /** Same prototype (pino and util.inspect still see an Error of the same class), own properties masked. */
  private error(err: Error, sensitive: boolean): Error {
    const copy = Object.create(Object.getPrototypeOf(err) as object) as Error;
    this.copies.set(err, copy);
    for (const key of Object.getOwnPropertyNames(err)) {
      const d = Object.getOwnPropertyDescriptor(err, key)!;
      if ('value' in d) d.value = this.value(d.value, sensitive || SENSITIVE_FIELDS.has(key));
      Object.defineProperty(copy, key, d);
    }
    return copy;
  }
}

function isKubernetesSecret(o: object): boolean {
  const r = o as Record<string, unknown>;
  return r['kind'] === 'Secret' && ('data' in r || 'stringData' in r);
}

function decodesKey(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1').includes('PRIVATE KEY');
}

import convict from 'convict';
import { dirname, isAbsolute, resolve } from 'node:path';
import { IsobarError } from '../core/errors.js';
import { readConfigFile } from './config-file.js';
import { schemaLeaves, shapeOf, type SchemaLeaf } from './schema-leaves.js';
import { schema, type IsobarConfig } from './schema.js';
import { describe, isStrictFormat, registerStrictFormats, STRICT_FORMATS } from './strict-formats.js';

/** Where each override came from on the command line: config key → flag (e.g. 'log.level' → '--log-level'). */
export type FlagNames = Readonly<Record<string, string>>;

const INTEGER_FORMATS = new Set(['strict-port', 'strict-port-or-zero', 'strict-nat']);

/**
 * Loads the config: schema defaults, then the file (YAML or JSON), then environment variables, then
 * `overrides` (command-line flags; `flagNames` says which flag set which key). Every value is checked
 * strictly against its key's format, and an error names where the value came from: the file and line,
 * the environment variable, or the flag, and the key. All problems are reported together.
 * Relative paths set in the file are taken relative to the file.
 */
export function loadConfig(file?: string, overrides: Record<string, unknown> = {}, flagNames: FlagNames = {}): IsobarConfig {
  registerStrictFormats();
  // convict reads process.env and process.argv by itself when asked nothing else; here every source is
  // applied below, one value at a time, so that an error can say where its value came from.
  const conf = convict(schema as unknown as convict.Schema<IsobarConfig>, { env: {}, args: [] });
  const leaves = schemaLeaves(schema);
  const errors: Array<{ message: string; usage: boolean }> = [];
  const fromFile = new Set<string>();

  const apply = (key: string, value: unknown, origin: string, opts: { raw?: string; usage?: boolean } = {}): void => {
    const leaf = leaves.get(key);
    try {
      if (!leaf) throw new Error('unknown key (see README "Config reference")');
      conf.set(key as never, interpret(leaf, value, opts.raw) as never);
    } catch (err) {
      errors.push({ message: `${origin} (${key}): ${(err as Error).message}`, usage: opts.usage ?? false });
      return;
    }
    if (file && origin.startsWith('config file')) fromFile.add(key);
    else fromFile.delete(key);
  };

  if (file) {
    let read: ReturnType<typeof readConfigFile>;
    try {
      read = readConfigFile(file, shapeOf(leaves));
    } catch (err) {
      throw new IsobarError('CONFIG_INVALID', `config file ${file}: ${(err as Error).message}`);
    }
    const entries = [...read.problems.map((p) => ({ line: p.line, problem: p })), ...read.settings.map((s) => ({ line: s.line, setting: s }))];
    // In the order of the file, so that several mistakes are listed as the user reads them.
    for (const e of entries.sort((a, b) => a.line - b.line)) {
      if ('problem' in e) errors.push({ message: `config file ${file}, line ${e.line} (${e.problem.key}): ${e.problem.message}`, usage: false });
      else apply(e.setting.key, e.setting.value, `config file ${file}, line ${e.line}`, { raw: e.setting.raw });
    }
  }
  for (const [key, leaf] of leaves) {
    const text = leaf.env === undefined ? undefined : process.env[leaf.env];
    if (text !== undefined) apply(key, text, `environment variable ${leaf.env}`);
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const flag = flagNames[key];
    apply(key, value, flag ? `flag ${flag}` : 'setting', { usage: flag !== undefined });
  }
  if (errors.length > 0) {
    // A mistake on the command line alone is a usage error (exit 2); one in the file or environment is not.
    const code = errors.every((e) => e.usage) ? 'USAGE' : 'CONFIG_INVALID';
    throw new IsobarError(code, errors.map((e) => e.message).join('\n'));
  }
  try {
    conf.validate({ allowed: 'strict' });
  } catch (err) {
    // Every value was checked as it was set; this is a safety net for the schema's own defaults.
    throw new IsobarError('CONFIG_INVALID', (err as Error).message);
  }
  const config = conf.getProperties() as IsobarConfig;
  if (file) resolveFilePaths(config, dirname(file), fromFile);
  return config;
}

/**
 * The value a source gives for a key, checked against the key's format. Text (environment variables,
 * flags, quoted YAML) is parsed strictly; a YAML number must be written in digits, so 1e3, 0x10 and
 * 80.0 are refused although YAML reads them as numbers.
 */
function interpret(leaf: SchemaLeaf, value: unknown, raw?: string): unknown {
  const { format } = leaf;
  if (isStrictFormat(format)) {
    const f = STRICT_FORMATS[format];
    if (typeof value === 'string') return f.parse(value);
    if (typeof value === 'number' && INTEGER_FORMATS.has(format) && raw !== undefined) return f.parse(raw);
    f.check(value);
    return value;
  }
  if (Array.isArray(format)) {
    if (typeof value !== 'string' || !format.includes(value)) throw new Error(`must be one of ${format.join(', ')}; got ${describe(value)}`);
    return value;
  }
  if (format === String) {
    if (typeof value !== 'string') throw new Error(`must be a string, got ${describe(value)}`);
    return value;
  }
  throw new Error(`the schema gives this key a format isobar does not check (${String(format)})`);
}

/** Paths written in the file are relative to the file; those from the environment or a flag, to the working directory. */
function resolveFilePaths(config: IsobarConfig, base: string, fromFile: ReadonlySet<string>): void {
  const relative = (key: string, value: string): string => (fromFile.has(key) && value !== '' && !isAbsolute(value) ? resolve(base, value) : value);
  config.sourceFile.directory = relative('sourceFile.directory', config.sourceFile.directory);
  config.sinkStatic.directory = relative('sinkStatic.directory', config.sinkStatic.directory);
  const tls = config.xds.tls;
  for (const key of ['caFile', 'certFile', 'keyFile'] as const) tls[key] = relative(`xds.tls.${key}`, tls[key]);
}

import convict from 'convict';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { IsobarError } from '../core/errors.js';
import { schema, type IsobarConfig } from './schema.js';

/**
 * Loads the config: schema defaults, then the file (YAML or JSON), then environment variables, then
 * `overrides` (command-line flags). Unknown keys and wrong types are errors naming the key.
 * Relative paths in the file are taken relative to the file.
 */
export function loadConfig(file?: string, overrides: Record<string, unknown> = {}): IsobarConfig {
  const conf = convict(schema as unknown as convict.Schema<IsobarConfig>);
  if (file) {
    let data: unknown;
    try {
      data = parseYaml(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new IsobarError('CONFIG_INVALID', `config file ${file}: ${(err as Error).message}`);
    }
    if (data !== null && data !== undefined) {
      if (typeof data !== 'object' || Array.isArray(data)) throw new IsobarError('CONFIG_INVALID', `config file ${file}: top level must be a mapping`);
      conf.load(data as object);
    }
  }
  // convict.load() lets environment variables win over file values; flags go last so they win over both.
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) conf.set(key as never, value as never);
  try {
    conf.validate({ allowed: 'strict' });
  } catch (err) {
    throw new IsobarError('CONFIG_INVALID', `${file ? `config file ${file}: ` : ''}${(err as Error).message}`);
  }
  const config = conf.getProperties() as IsobarConfig;
  if (file) {
    const base = dirname(file);
    if (!isAbsolute(config.sourceFile.directory)) config.sourceFile.directory = resolve(base, config.sourceFile.directory);
    if (!isAbsolute(config.sinkStatic.directory)) config.sinkStatic.directory = resolve(base, config.sinkStatic.directory);
    const tls = config.xds.tls;
    for (const key of ['caFile', 'certFile', 'keyFile'] as const) if (tls[key] !== '' && !isAbsolute(tls[key])) tls[key] = resolve(base, tls[key]);
  }
  return config;
}

import { loadConfig } from '../../../config/load-config.js';
import type { IsobarConfig } from '../../../config/schema.js';

/**
 * Config for an isobar run inside a test or benchmark: the file source on `directory`, the xDS server and
 * status endpoint on free ports, logs silent unless ISOBAR_TEST_LOG names a level.
 */
export function inProcessConfig(directory: string, overrides: Record<string, unknown> = {}): IsobarConfig {
  return loadConfig(undefined, {
    plugins: ['source-file', 'sink-xds'],
    'sourceFile.directory': directory,
    'admin.port': 0,
    'xds.port': 0,
    'log.format': 'json',
    'log.level': process.env.ISOBAR_TEST_LOG ?? 'silent',
    ...overrides,
  });
}

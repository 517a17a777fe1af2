import { loadConfig, type FlagNames } from '../config/load-config.js';
import type { IsobarConfig } from '../config/schema.js';
import { createLogger, type Logger } from '../core/logging.js';
import { App } from './app.js';

export interface CommonFlags {
  config?: string;
  'log-level'?: string;
  'log-format'?: string;
  directory?: string;
}

export const COMMON_OPTIONS = {
  config: { type: 'string', short: 'c' },
  'log-level': { type: 'string' },
  'log-format': { type: 'string' },
  directory: { type: 'string', short: 'd' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const COMMON_HELP = `  -c, --config <file>     config file (YAML or JSON); see README "Config reference"
  -d, --directory <dir>   directory of Kubernetes YAML to watch (overrides sourceFile.directory)
      --log-level <level> trace|debug|info|warn|error (overrides log.level)
      --log-format <fmt>  json|pretty|auto (overrides log.format)
  -h, --help              this help`;

/** The config key each common flag sets, so that a bad value is blamed on the flag. */
const COMMON_FLAG_KEYS = { 'log.level': '--log-level', 'log.format': '--log-format', 'sourceFile.directory': '--directory' } as const;

/**
 * The config from the file, the environment and the flags. `extra` are further keys a command sets
 * (from its own flags, named in `extraFlags`, or fixed by the command).
 */
export function configFrom(flags: CommonFlags, extra: Record<string, unknown> = {}, extraFlags: FlagNames = {}): IsobarConfig {
  return loadConfig(
    flags.config,
    {
      'log.level': flags['log-level'],
      'log.format': flags['log-format'],
      'sourceFile.directory': flags.directory,
      ...extra,
    },
    { ...COMMON_FLAG_KEYS, ...extraFlags },
  );
}

/**
 * Starts the app and keeps it running until SIGINT/SIGTERM, then stops it cleanly (a second signal exits
 * at once). `around` can start and stop companions (standalone's Envoy) with the app.
 */
export async function runUntilSignal(
  config: IsobarConfig,
  logger: Logger,
  around: { started?(app: App): Promise<void>; stopping?(): Promise<void> } = {},
): Promise<number> {
  const app = await App.create(config, logger);
  let stoppingSince = 0;
  const done = new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      if (stoppingSince) {
        // Ctrl-C reaches the whole process group and wrappers forward it too: a repeat within a second
        // is the same request. A later one means "stop waiting".
        if (Date.now() - stoppingSince < 1000) return;
        logger.warn(`${signal} again: exiting now`);
        process.exit(130);
      }
      stoppingSince = Date.now();
      logger.info({ signal }, 'shutting down');
      void (async () => {
        await around.stopping?.();
        await app.stop();
        logger.info('stopped');
        resolve(0);
      })();
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
  await app.start();
  await around.started?.(app);
  return done;
}

export function loggerFor(config: IsobarConfig): Logger {
  return createLogger(config.log);
}

import { constants as osConstants } from 'node:os';
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

/** Companions started and stopped with the app (standalone's Envoy). */
export interface AroundApp {
  started?(app: App): Promise<void>;
  /** The graceful part of a stop: runs while the app still serves (xDS keeps flowing to a draining Envoy). */
  stopping?(): Promise<void>;
  /** Ends the companions at once (a second signal); synchronous, the process exits right after. */
  abort?(): void;
}

/**
 * A repeat of the signal within this long is taken as the same request: a wrapper (npm, a shell script,
 * tini) forwards the signal the terminal already sent to the whole foreground group, milliseconds
 * apart. A person pressing Ctrl-C again is slower than that.
 */
export const REPEAT_SIGNAL_MS = 500;

/**
 * Starts the app and keeps it running until SIGINT/SIGTERM, then stops it gracefully and resolves 0.
 * A second signal (after REPEAT_SIGNAL_MS) means "stop waiting": companions are aborted and the process
 * exits at once with 128 + the signal's number (130 for SIGINT, 143 for SIGTERM).
 */
export async function runUntilSignal(config: IsobarConfig, logger: Logger, around: AroundApp = {}): Promise<number> {
  const app = await App.create(config, logger);
  let stoppingSince = 0;
  const done = new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      if (stoppingSince) {
        if (Date.now() - stoppingSince < REPEAT_SIGNAL_MS) return;
        logger.warn({ signal }, `${signal} again: exiting now, without waiting for the drain`);
        around.abort?.();
        process.exit(128 + osConstants.signals[signal]);
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
  await app.start(); // undoes itself when it fails
  try {
    await around.started?.(app);
  } catch (err) {
    // A companion may already run (Envoy started, then something failed): it must not outlive the error.
    around.abort?.();
    await app.stop().catch((stopErr: unknown) => logger.error({ err: stopErr }, 'stopping after a failed start also failed'));
    throw err;
  }
  return done;
}

export function loggerFor(config: IsobarConfig): Logger {
  return createLogger(config.log);
}

import type { Logger } from 'pino';

/**
 * What Envoy is told to print (`--log-format`, with `--log-format-escaped` so a message never spans
 * lines): its level name, the logger (component) that wrote it, and the message, separated by `|`.
 * The level comes first because it is the part isobar must act on.
 */
export const ENVOY_LOG_FORMAT = '%l|%n|%v';

type PinoLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** Envoy's level names (spdlog's) to pino's: `warning` is pino's `warn`, `critical` its `fatal`. */
const LEVELS: Record<string, PinoLevel> = {
  trace: 'trace',
  debug: 'debug',
  info: 'info',
  warning: 'warn',
  error: 'error',
  critical: 'fatal',
};

export interface EnvoyLogLine {
  level: PinoLevel;
  /** Envoy's logger, e.g. `main`, `config`, `upstream`; absent for output that bypassed its logger. */
  envoyComponent?: string;
  message: string;
}

const LINE = /^(trace|debug|info|warning|error|critical)\|([^|]*)\|(.*)$/;

/**
 * One line of Envoy's output as a log record. Lines not in ENVOY_LOG_FORMAT come from outside Envoy's
 * logger (command-line errors before logging starts, a crash's last words): they are rare and
 * usually bad news, so they are relayed as warnings rather than lost among info lines.
 */
export function parseEnvoyLogLine(line: string): EnvoyLogLine {
  const m = LINE.exec(line);
  if (!m) return { level: 'warn', message: line };
  return { level: LEVELS[m[1]!]!, envoyComponent: m[2]!, message: m[3]! };
}

/** Relays one line of Envoy's output to `logger` at the level Envoy gave it. */
export function relayEnvoyLogLine(logger: Logger, line: string): void {
  if (line.trim() === '') return;
  const { level, envoyComponent, message } = parseEnvoyLogLine(line);
  logger[level](envoyComponent === undefined ? {} : { envoyComponent }, message);
}

import { pino, type Logger, type LoggerOptions } from 'pino';
import { REDACTED_ALWAYS, redactSecrets } from './util/redact.js';

export type { Logger };
export const LoggerId = Symbol.for('isobar.Logger');

export interface LogSettings {
  level: string;
  format: 'json' | 'pretty' | 'auto';
}

/**
 * Options every isobar logger gets: private keys are masked in everything logged (the message, the
 * merged object, errors with their causes, child bindings). Logs have no --show-secrets: they are
 * kept, shipped and shared, so a key is never written to them. The hook runs only for enabled levels.
 */
export const redactingLogOptions: Pick<LoggerOptions, 'hooks' | 'formatters'> = {
  hooks: {
    logMethod(args, method) {
      // pino's overloads do not spread; the hook gets, and passes on, the caller's argument list.
      (method as (...a: unknown[]) => void).apply(this, args.map((a) => redactSecrets(a, REDACTED_ALWAYS)));
    },
  },
  formatters: {
    bindings: (bindings) => redactSecrets(bindings, REDACTED_ALWAYS),
  },
};

/** JSON lines by default; pretty when asked, or on a terminal with `auto`. Logs go to stderr. */
export function createLogger(s: LogSettings): Logger {
  const pretty = s.format === 'pretty' || (s.format === 'auto' && process.stderr.isTTY === true);
  if (pretty) {
    return pino({ level: s.level, ...redactingLogOptions, transport: { target: 'pino-pretty', options: { destination: 2, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } } });
  }
  return pino({ level: s.level, ...redactingLogOptions }, pino.destination({ fd: 2, sync: false }));
}

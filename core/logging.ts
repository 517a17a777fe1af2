import { pino, type Logger } from 'pino';

export type { Logger };
export const LoggerId = Symbol.for('isobar.Logger');

export interface LogSettings {
  level: string;
  format: 'json' | 'pretty' | 'auto';
}

/** JSON lines by default; pretty when asked, or on a terminal with `auto`. Logs go to stderr. */
export function createLogger(s: LogSettings): Logger {
  const pretty = s.format === 'pretty' || (s.format === 'auto' && process.stderr.isTTY === true);
  if (pretty) {
    return pino({ level: s.level, transport: { target: 'pino-pretty', options: { destination: 2, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' } } });
  }
  return pino({ level: s.level }, pino.destination({ fd: 2, sync: false }));
}

import { redactedMessage } from '../core/util/redact.js';

/** Where a command writes: standard output and error, or a test's buffers. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/**
 * Runs a command's argument parser: its result, or the exit code when the command has nothing more to
 * do: 0 after printing `usage` for --help, 2 after printing a usage error.
 */
export function parseOrExit<T>(io: CommandIo, name: string, usage: string, parse: () => T | 'help'): { args: T } | { exit: number } {
  try {
    const parsed = parse();
    if (parsed !== 'help') return { args: parsed };
    io.out(usage + '\n');
    return { exit: 0 };
  } catch (err) {
    io.err(`isobar ${name}: ${redactedMessage(err)}\nRun "isobar ${name} --help" for usage.\n`);
    return { exit: 2 };
  }
}

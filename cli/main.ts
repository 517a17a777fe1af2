#!/usr/bin/env node
import { IsobarError } from '../core/errors.js';
import { redactText } from '../core/util/redact.js';
import type { CliCommand } from './cli-command.js';
import { bootstrapCommand } from './commands/bootstrap-command.js';
import { certgenCommand } from './commands/certgen-command.js';
import { renderCommand } from './commands/render-command.js';
import { serveCommand } from './commands/serve-command.js';
import { standaloneCommand } from './commands/standalone-command.js';
import { versionCommand } from './commands/version-command.js';
import { xdsCommand } from './commands/xds-command.js';

const commands: CliCommand[] = [serveCommand, standaloneCommand, bootstrapCommand, certgenCommand, renderCommand, xdsCommand, versionCommand];

function usage(): string {
  const list = commands.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`).join('\n');
  return `isobar: an Envoy ingress and xDS control plane

Usage: isobar <command> [options]

Commands:
${list}

Run "isobar help <command>" (or "isobar <command> --help") for a command's options,
"isobar --version" for the versions of isobar, Node.js and Envoy.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') return versionCommand.run(rest);
  if (name === 'help' && rest.length > 0) {
    const cmd = commands.find((c) => c.name === rest[0]);
    if (!cmd) return unknownCommand(rest[0]!);
    process.stdout.write(cmd.usage + '\n');
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) return unknownCommand(name);
  return cmd.run(rest);
}

function unknownCommand(name: string): number {
  process.stderr.write(`isobar: unknown command "${name}"\n\n${usage()}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // A failure's message can quote what it failed on; keys in it are masked like everywhere else.
    if (err instanceof IsobarError) process.stderr.write(`isobar: ${redactText(err.message)} [${err.code}]\n`);
    else if (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) process.stderr.write(`isobar: ${redactText(err.message)}\n`);
    else process.stderr.write(`isobar: ${redactText((err as Error)?.stack ?? String(err))}\n`);
    const usageError = (err instanceof IsobarError && err.code === 'USAGE') || (err as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS');
    process.exitCode = usageError ? 2 : 1;
  },
);

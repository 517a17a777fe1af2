import { parseArgs } from 'node:util';
import type { CliCommand } from '../cli-command.js';
import { parseOrExit, processIo, type CommandIo } from '../command-io.js';
import { collectVersions, formatVersions } from '../version/versions.js';

const USAGE = `Usage: isobar version [options]     (also: isobar --version, isobar -V)

Prints the versions of isobar and Node.js, and of the Envoy binary "isobar standalone" would run
(found via --envoy, $ENVOY_BIN, PATH, or .tools/bin/envoy), or why none was found. Exits 0 either way:
"isobar serve" needs no Envoy on this machine.

Options:
      --envoy <path>   Envoy binary to ask for its version
      --json           print one JSON object: {"isobar", "node", "envoy": {"version", "path"} or {"error"}}
  -h, --help           show this help`;

export function createVersionCommand(io: CommandIo = processIo): CliCommand {
  return {
    name: 'version',
    summary: 'print the versions of isobar, Node.js and Envoy',
    usage: USAGE,
    async run(args) {
      const parsed = parseOrExit(io, 'version', USAGE, () => {
        const { values } = parseArgs({ args, options: { envoy: { type: 'string', default: '' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } }, strict: true });
        return values.help ? 'help' : values;
      });
      if ('exit' in parsed) return parsed.exit;
      const versions = await collectVersions(parsed.args.envoy);
      io.out(parsed.args.json ? JSON.stringify(versions) + '\n' : formatVersions(versions));
      return 0;
    },
  };
}

export const versionCommand: CliCommand = createVersionCommand();

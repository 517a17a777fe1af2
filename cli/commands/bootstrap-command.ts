import { parseArgs } from 'node:util';
import { IsobarError } from '../../core/errors.js';
import { renderBootstrap, writeBootstrapFile, type BootstrapOptions, type XdsMode } from '../../plugins/sink-static/bootstrap-writer.js';
import type { CliCommand } from '../cli-command.js';

const USAGE = `Usage: isobar bootstrap <file> [options]

Writes the Envoy bootstrap (JSON) that points Envoy at isobar's xDS server, replacing <file>
atomically. Run it before Envoy starts, e.g. in a Kubernetes init container, then start Envoy
with "envoy -c <file>". "-" writes to standard output.

Options:
      --xds-address <addr>    IP address or host name of isobar's xDS server (default 127.0.0.1)
      --xds-port <port>       port of isobar's xDS server (default 8001)
      --node-id <id>          Envoy node id (default isobar-envoy)
      --node-cluster <name>   Envoy node cluster (default isobar)
      --admin-port <port>     port of Envoy's admin interface, always on 127.0.0.1 (default 9901)
      --xds-mode <mode>       ads (default), delta-ads, or per-type (LDS/CDS streams; run isobar with xds.configSource grpc)
  -h, --help                  show this help`;

const OPTIONS = {
  'xds-address': { type: 'string', default: '127.0.0.1' },
  'xds-port': { type: 'string', default: '8001' },
  'node-id': { type: 'string', default: 'isobar-envoy' },
  'node-cluster': { type: 'string', default: 'isobar' },
  'admin-port': { type: 'string', default: '9901' },
  'xds-mode': { type: 'string', default: 'ads' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** `isobar bootstrap`, like Contour's `contour bootstrap`. The io is injectable for tests. */
export function createBootstrapCommand(io: CommandIo = processIo): CliCommand {
  return {
    name: 'bootstrap',
    summary: "write the Envoy bootstrap that connects Envoy to isobar's xDS server",
    usage: USAGE,
    async run(args: string[]): Promise<number> {
      let file: string;
      let options: BootstrapOptions;
      try {
        const parsed = parse(args);
        if (parsed === 'help') {
          io.out(USAGE + '\n');
          return 0;
        }
        ({ file, options } = parsed);
      } catch (err) {
        io.err(`isobar bootstrap: ${(err as Error).message}\nRun "isobar bootstrap --help" for usage.\n`);
        return 2;
      }
      try {
        if (file === '-') {
          io.out(renderBootstrap(options));
        } else {
          writeBootstrapFile(file, options);
          io.err(`isobar bootstrap: wrote ${file} (xDS ${options.xdsAddress}:${options.xdsPort}, admin 127.0.0.1:${options.adminPort})\n`);
        }
        return 0;
      } catch (err) {
        const usageError = err instanceof IsobarError && err.code === 'CONFIG_INVALID';
        io.err(`isobar bootstrap: ${(err as Error).message}\n`);
        return usageError ? 2 : 1;
      }
    },
  };
}

export const bootstrapCommand: CliCommand = createBootstrapCommand();

function parse(args: string[]): 'help' | { file: string; options: BootstrapOptions } {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true });
  if (values.help) return 'help';
  if (positionals.length !== 1) {
    throw new Error(positionals.length === 0 ? 'missing <file> to write' : `expected one <file>, got ${positionals.length}: ${positionals.join(' ')}`);
  }
  return {
    file: positionals[0]!,
    options: {
      xdsAddress: values['xds-address'],
      xdsPort: portArg('--xds-port', values['xds-port']),
      nodeId: values['node-id'],
      nodeCluster: values['node-cluster'],
      adminPort: portArg('--admin-port', values['admin-port']),
      xdsMode: values['xds-mode'] as XdsMode, // checked by the bootstrap writer
    },
  };
}

function portArg(flag: string, text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new Error(`${flag} must be a port number (0-65535), got "${text}"`);
  return Number(text);
}

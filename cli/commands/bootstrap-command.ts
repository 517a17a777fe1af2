import { parseArgs } from 'node:util';
import { IsobarError } from '../../core/errors.js';
import { renderBootstrap, writeBootstrapFile, type BootstrapOptions, type XdsMode } from '../../plugins/sink-static/bootstrap-writer.js';
import type { CliCommand } from '../cli-command.js';
import { parseOrExit, processIo, type CommandIo } from '../command-io.js';

const USAGE = `Usage: isobar bootstrap <file> [options]

Writes the Envoy bootstrap (JSON) that points Envoy at isobar's xDS server, replacing <file>
atomically. Run it before Envoy starts, e.g. in a Kubernetes init container, then start Envoy
with "envoy -c <file>". "-" writes to standard output.

Options:
      --xds-address <addr>    IP address or host name of isobar's xDS server (default 127.0.0.1)
      --xds-port <port>       port of isobar's xDS server (default 8001)
      --node-id <id>          Envoy node id (default isobar-envoy)
      --node-cluster <name>   Envoy node cluster (default isobar)
      --fleet <id>            the fleet this Envoy serves (e.g. gateway/<namespace>/<name>), as node metadata
                              isobar.io/fleet: isobar sends it only that fleet's listeners (default: none, the
                              default fleet, which gets every listener that names no fleet)
      --admin-port <port>     port of Envoy's admin interface, always on 127.0.0.1 (default 9901)
      --stats-address <ip>    address of Envoy's Prometheus stats listener (default 0.0.0.0)
      --stats-port <port>     port of a listener serving only GET /stats/prometheus from Envoy's admin, for
                              Prometheus (default 0: none; needs a fixed --admin-port)
      --xds-mode <mode>       ads (default), delta-ads, or per-type (LDS/CDS streams; run isobar with xds.configSource grpc)
      --xds-ca <file>         mutual TLS to isobar: the CA isobar's certificate must be signed by (ca.crt of isobar certgen)
      --xds-cert <file>       Envoy's client certificate (envoy.crt, or tls.crt of the isobar-xds-client Secret)
      --xds-key <file>        its private key; the three are paths as Envoy sees them, read when Envoy starts
      --xds-server-name <n>   SNI and the name isobar's certificate must carry (default: --xds-address if it
                              is a host name, else "isobar")
  -h, --help                  show this help`;

const OPTIONS = {
  'xds-address': { type: 'string', default: '127.0.0.1' },
  'xds-port': { type: 'string', default: '8001' },
  'node-id': { type: 'string', default: 'isobar-envoy' },
  'node-cluster': { type: 'string', default: 'isobar' },
  fleet: { type: 'string' },
  'admin-port': { type: 'string', default: '9901' },
  'stats-address': { type: 'string', default: '0.0.0.0' },
  'stats-port': { type: 'string', default: '0' },
  'xds-mode': { type: 'string', default: 'ads' },
  'xds-ca': { type: 'string' },
  'xds-cert': { type: 'string' },
  'xds-key': { type: 'string' },
  'xds-server-name': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

// The other commands still import CommandIo from here.
export type { CommandIo };

/** `isobar bootstrap`, like Contour's `contour bootstrap`. The io is injectable for tests. */
export function createBootstrapCommand(io: CommandIo = processIo): CliCommand {
  return {
    name: 'bootstrap',
    summary: "write the Envoy bootstrap that connects Envoy to isobar's xDS server",
    usage: USAGE,
    async run(args: string[]): Promise<number> {
      const parsed = parseOrExit(io, 'bootstrap', USAGE, () => parse(args));
      if ('exit' in parsed) return parsed.exit;
      const { file, options } = parsed.args;
      try {
        if (file === '-') {
          io.out(renderBootstrap(options));
        } else {
          writeBootstrapFile(file, options);
          const tls = options.xdsTls ? ', mutual TLS' : '';
          const fleet = options.fleet !== undefined ? `, fleet ${options.fleet}` : '';
          io.err(`isobar bootstrap: wrote ${file} (xDS ${options.xdsAddress}:${options.xdsPort}${tls}${fleet}, admin 127.0.0.1:${options.adminPort})\n`);
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
      ...(values.fleet !== undefined ? { fleet: values.fleet } : {}), // checked by the bootstrap writer
      adminPort: portArg('--admin-port', values['admin-port']),
      statsAddress: values['stats-address'],
      statsPort: portArg('--stats-port', values['stats-port']),
      xdsMode: values['xds-mode'] as XdsMode, // checked by the bootstrap writer
      ...tlsArgs(values),
    },
  };
}

const TLS_FLAGS = ['xds-ca', 'xds-cert', 'xds-key'] as const;

/** All three of --xds-ca/--xds-cert/--xds-key, or none (and then no --xds-server-name). */
function tlsArgs(values: Partial<Record<(typeof TLS_FLAGS)[number] | 'xds-server-name', string>>): Pick<BootstrapOptions, 'xdsTls'> {
  const given = TLS_FLAGS.filter((f) => values[f] !== undefined);
  if (given.length === 0) {
    if (values['xds-server-name'] !== undefined) throw new Error('--xds-server-name needs --xds-ca, --xds-cert and --xds-key');
    return {};
  }
  if (given.length < TLS_FLAGS.length) {
    const missing = TLS_FLAGS.filter((f) => values[f] === undefined);
    throw new Error(`mutual TLS needs --xds-ca, --xds-cert and --xds-key together; missing ${missing.map((f) => `--${f}`).join(', ')}`);
  }
  const serverName = values['xds-server-name'];
  return { xdsTls: { caFile: values['xds-ca']!, certFile: values['xds-cert']!, keyFile: values['xds-key']!, ...(serverName !== undefined ? { serverName } : {}) } };
}

function portArg(flag: string, text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new Error(`${flag} must be a port number (0-65535), got "${text}"`);
  return Number(text);
}

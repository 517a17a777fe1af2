import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import type { CliCommand } from '../cli-command.js';
import { XdsClient, type XdsUpdate } from '../xds/xds-client.js';
import { FLEET_METADATA_KEY, redactedMessage } from '../../core/index.js';
import { isXdsTypeName, printable, referencedNames, renderJson, renderText, shown, XDS_TYPES, type XdsTypeName } from '../xds/xds-output.js';
import type { CommandIo } from './bootstrap-command.js';

const USAGE = `Usage: isobar xds <lds|rds|cds|eds|sds> [options]

Connects to an xDS server (isobar's, or any other) as an xDS client over ADS, asks for one resource
type, prints each response's resources as Envoy JSON with its version and nonce, and ACKs it. Exits
after the first response unless --watch is given.

Which names are asked for: LDS and CDS ask for everything unless --names is given. EDS, RDS and SDS
are only ever asked for by name; without --names the command first subscribes, on the same stream, to
what refers to them (CDS for EDS, LDS for RDS, LDS and CDS for SDS) and asks for exactly the names
found there, as Envoy does. With --watch it keeps following those, so new names are picked up.

Options:
      --server <host:port>   xDS server (default 127.0.0.1:8001)
      --names <a,b,...>      resource names to ask for (comma-separated)
      --node-id <id>         node id to present (default isobar-cli)
      --fleet <id>           present this fleet (node metadata isobar.io/fleet, as "isobar bootstrap --fleet"),
                             to see what that fleet's Envoys are served (default: the default fleet)
      --watch                keep printing responses until interrupted
      --delta                use incremental xDS (DeltaAggregatedResources) instead of state of the world
      --json                 print one JSON object per response per line: {type, typeUrl, version, nonce, resources, removed?}
      --show-secrets         print private keys (TLS keys, session ticket keys, generic secrets) as they
                             are; by default they read "[redacted: use --show-secrets]"
      --timeout <ms>         give up if no response arrives within this time (default 10000; 0 waits forever)
      --ca <file>            xDS over mutual TLS (isobar with xds.tls): the CA that signed the server's
      --cert <file>          certificate, and this client's certificate and key (e.g. envoy.crt and
      --key <file>           envoy.key from "isobar certgen")
      --server-name <name>   the name the server's certificate must carry (default isobar)
  -h, --help                 show this help`;

const OPTIONS = {
  server: { type: 'string', default: '127.0.0.1:8001' },
  names: { type: 'string' },
  'node-id': { type: 'string', default: 'isobar-cli' },
  fleet: { type: 'string' },
  watch: { type: 'boolean', default: false },
  delta: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  'show-secrets': { type: 'boolean', default: false },
  timeout: { type: 'string', default: '10000' },
  ca: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'server-name': { type: 'string', default: 'isobar' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

interface XdsOptions {
  type: XdsTypeName;
  server: string;
  names: string[] | undefined;
  nodeId: string;
  fleet: string | undefined;
  watch: boolean;
  delta: boolean;
  json: boolean;
  showSecrets: boolean;
  timeoutMs: number;
  tls: { ca: Buffer; cert: Buffer; key: Buffer; serverName: string } | undefined;
}

/** Where the names of a by-name type come from when --names is not given. */
const REFERRERS: Record<'eds' | 'rds' | 'sds', XdsTypeName[]> = { eds: ['cds'], rds: ['lds'], sds: ['lds', 'cds'] };

const processIo: CommandIo = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** `isobar xds`, like `contour cli`. The io and the stop signal are injectable for tests. */
export function createXdsCommand(io: CommandIo = processIo, stopSignal?: AbortSignal): CliCommand {
  return {
    name: 'xds',
    summary: 'fetch (or --watch) LDS/RDS/CDS/EDS/SDS from an xDS server and print it as Envoy JSON',
    usage: USAGE,
    async run(args) {
      let options: XdsOptions;
      try {
        const parsed = parse(args);
        if (parsed === 'help') {
          io.out(USAGE + '\n');
          return 0;
        }
        options = parsed;
      } catch (err) {
        io.err(`isobar xds: ${redactedMessage(err)}\nRun "isobar xds --help" for usage.\n`);
        return 2;
      }
      return fetchXds(options, io, stopSignal ?? signalAbort());
    },
  };
}

export const xdsCommand: CliCommand = createXdsCommand();

async function fetchXds(o: XdsOptions, io: CommandIo, stop: AbortSignal): Promise<number> {
  const node = { id: o.nodeId, cluster: 'isobar-cli', ...(o.fleet !== undefined ? { metadata: { [FLEET_METADATA_KEY]: o.fleet } } : {}) };
  const client = o.tls
    ? new XdsClient(o.server, node, o.delta ? 'delta' : 'sotw', { 'grpc.ssl_target_name_override': o.tls.serverName }, grpc.credentials.createSsl(o.tls.ca, o.tls.key, o.tls.cert))
    : new XdsClient(o.server, node, o.delta ? 'delta' : 'sotw');
  const onStop = () => client.close();
  stop.addEventListener('abort', onStop);
  const target = XDS_TYPES[o.type];
  const referrers = o.names === undefined && (o.type === 'eds' || o.type === 'rds' || o.type === 'sds') ? REFERRERS[o.type] : [];
  const seen = new Map<string, ReturnType<typeof printable>['resources']>();
  let asked: string | undefined;
  let printed = 0;
  try {
    if (referrers.length === 0) client.subscribe(target, o.names ?? '*');
    for (const r of referrers) client.subscribe(XDS_TYPES[r], '*');
    for (;;) {
      const update: XdsUpdate = await client.next(printed === 0 && o.timeoutMs > 0 ? o.timeoutMs : Infinity);
      if (update.typeUrl === target) {
        const p = shown(printable(o.type, update), o.showSecrets);
        io.out(o.json ? renderJson(p) : renderText(p));
        client.ack(update);
        printed++;
        if (!o.watch) return 0;
        continue;
      }
      client.ack(update);
      const from = referrers.find((r) => XDS_TYPES[r] === update.typeUrl);
      if (!from) continue;
      seen.set(from, printable(from, update).resources);
      if (seen.size < referrers.length) continue;
      const names = referencedNames(o.type as 'eds' | 'rds' | 'sds', [...seen.values()].flat());
      if (names.length === 0 && asked === undefined && !o.watch) {
        io.err(`isobar xds: no ${o.type.toUpperCase()} names are referred to by ${referrers.map((r) => r.toUpperCase()).join(' and ')}; nothing to ask for (use --names)\n`);
        return 0;
      }
      const key = names.join(',');
      if (key !== asked) {
        asked = key;
        client.subscribe(target, names);
      }
    }
  } catch (err) {
    if (stop.aborted) return 0;
    io.err(`isobar xds: ${o.server}: ${redactedMessage(err)}\n`);
    return 1;
  } finally {
    stop.removeEventListener('abort', onStop);
    client.close();
  }
}

function signalAbort(): AbortSignal {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  return controller.signal;
}

/** --ca, --cert and --key go together; each file must be readable. */
function tlsOptions(values: { ca?: string; cert?: string; key?: string; 'server-name': string }): XdsOptions['tls'] {
  const given = (['ca', 'cert', 'key'] as const).filter((k) => values[k] !== undefined);
  if (given.length === 0) return undefined;
  if (given.length < 3) throw new Error(`--ca, --cert and --key go together (missing ${(['ca', 'cert', 'key'] as const).filter((k) => !given.includes(k)).map((k) => `--${k}`).join(', ')})`);
  const read = (flag: 'ca' | 'cert' | 'key') => {
    try {
      return readFileSync(values[flag]!);
    } catch (err) {
      throw new Error(`--${flag} ${values[flag]}: ${(err as Error).message}`);
    }
  };
  return { ca: read('ca'), cert: read('cert'), key: read('key'), serverName: values['server-name'] };
}

function parse(args: string[]): 'help' | XdsOptions {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true });
  if (values.help) return 'help';
  if (positionals.length !== 1) {
    throw new Error(positionals.length === 0 ? 'missing the type: lds, rds, cds, eds or sds' : `expected one type, got ${positionals.length}: ${positionals.join(' ')}`);
  }
  const type = positionals[0]!.toLowerCase();
  if (!isXdsTypeName(type)) throw new Error(`unknown type "${positionals[0]}": expected lds, rds, cds, eds or sds`);
  if (!/^[^\s:]+:\d{1,5}$/.test(values.server) && !/^\[[0-9a-fA-F:.]+\]:\d{1,5}$/.test(values.server)) {
    throw new Error(`--server must be host:port, got "${values.server}"`);
  }
  if (!/^\d+$/.test(values.timeout)) throw new Error(`--timeout must be a number of milliseconds, got "${values.timeout}"`);
  const names = values.names?.split(',').map((n) => n.trim()).filter((n) => n !== '');
  if (names !== undefined && names.length === 0) throw new Error('--names is empty');
  if (values['node-id'] === '') throw new Error('--node-id is empty');
  if (values.fleet === '') throw new Error('--fleet is empty (leave it out for the default fleet)');
  return {
    tls: tlsOptions(values),
    type,
    server: values.server,
    names,
    nodeId: values['node-id'],
    fleet: values.fleet,
    watch: values.watch,
    delta: values.delta,
    json: values.json,
    showSecrets: values['show-secrets'],
    timeoutMs: Number(values.timeout),
  };
}

import { parseArgs } from 'node:util';
import type { IsobarConfig } from '../../config/schema.js';
import type { Snapshot } from '../../core/snapshot/snapshot.js';
import type { Logger } from '../../core/logging.js';
import { redactedMessage, redactJsonText, redactText } from '../../core/util/redact.js';
import { writeFileAtomic } from '../../plugins/sink-static/atomic-write.js';
import { fileModeFor, renderStaticBootstrap } from '../../plugins/sink-static/static-config.js';
import { App } from '../app.js';
import type { CliCommand } from '../cli-command.js';
import { pluginCatalog } from '../plugin-catalog.js';
import { renderReport, type RenderReport } from '../render/render-report.js';
import { COMMON_HELP, COMMON_OPTIONS, configFrom, loggerFor } from '../run-app.js';
import type { CommandIo } from './bootstrap-command.js';

const USAGE = `Usage: isobar render -o <file> [options]

Reads every source once (e.g. the file source's directory of Kubernetes YAML), builds the DAG as
"isobar serve" would, writes one complete static Envoy config (a JSON bootstrap: listeners and
clusters, with routes, endpoints and TLS certificates inline) to <file>, replacing it atomically,
and exits. Start Envoy with "envoy -c <file>": no control plane runs. Sinks in the config's plugin list
are not loaded, and no port is opened. "-o -" writes to standard output. With TLS the file holds private
keys and is written readable by its owner only (0600). On standard output the keys read
"[redacted: use --show-secrets]" unless --show-secrets is given.

On standard error it prints one line per object (ok, warning, refused, orphaned) and per file that could
not be read, with the reason, field and file:line. What is refused is left out of the config, as
"serve" does, and the config is still written; the exit code says whether anything was left out, so a
CI job can gate on it:
  0  written, nothing left out (warnings do not count)
  1  written, but objects were refused or orphaned or files not read (0 with --allow-problems);
     or nothing could be written (the message says why)
  2  usage error

Options:
  -o, --output <file>         file to write (required)
      --admin-port <port>     port of Envoy's admin interface, always on 127.0.0.1 (default 9901)
      --node-id <id>          Envoy node id (default isobar-static)
      --node-cluster <name>   Envoy node cluster (default isobar)
      --timeout <ms>          how long the sources may take to deliver everything (default 30000)
      --show-secrets          with "-o -", print private keys as they are (a file always gets them)
      --allow-problems        exit 0 even when objects or files were left out (they are still reported)
${COMMON_HELP}`;

const OPTIONS = {
  ...COMMON_OPTIONS,
  output: { type: 'string', short: 'o' },
  'admin-port': { type: 'string', default: '9901' },
  'node-id': { type: 'string', default: 'isobar-static' },
  'node-cluster': { type: 'string', default: 'isobar' },
  timeout: { type: 'string', default: '30000' },
  'show-secrets': { type: 'boolean', default: false },
  'allow-problems': { type: 'boolean', default: false },
} as const;

const processIo: CommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** `isobar render`: the same DAG as `serve`, once, as a static Envoy config. The io is injectable for tests. */
export function createRenderCommand(io: CommandIo = processIo): CliCommand {
  const command: CliCommand = {
    name: 'render',
    summary: 'build once and write a complete static Envoy config (no control plane needed)',
    usage: USAGE,
    async run(args) {
      let parsed: ReturnType<typeof parse>;
      try {
        parsed = parse(args);
      } catch (err) {
        io.err(`isobar render: ${redactedMessage(err)}\nRun "isobar render --help" for usage.\n`);
        return 2;
      }
      if (parsed === 'help') {
        io.out(USAGE + '\n');
        return 0;
      }
      try {
        const config = configFrom(parsed.flags);
        const { snapshot, report } = await buildOnce(config, loggerFor(config), parsed.timeoutMs);
        const text = renderStaticBootstrap(snapshot, parsed.bootstrap);
        // A file is what Envoy runs, so it gets the keys; a terminal or a pipe into a pager does not.
        if (parsed.output === '-') io.out(parsed.showSecrets ? text : redactJsonText(text));
        else writeFileAtomic(parsed.output, text, fileModeFor(snapshot));
        io.err(redactText(report.text));
        io.err(`isobar render: wrote ${parsed.output === '-' ? 'standard output' : parsed.output} (snapshot ${snapshot.version}, Envoy admin 127.0.0.1:${parsed.bootstrap.adminPort})\n`);
        if (report.leftOut === 0) return 0;
        const what = `${report.leftOut} object(s) or file(s) were left out of the config (listed above)`;
        if (parsed.allowProblems) {
          io.err(`isobar render: ${what}; exit 0 because of --allow-problems\n`);
          return 0;
        }
        io.err(`isobar render: ${what}; exit 1 (--allow-problems exits 0)\n`);
        return 1;
      } catch (err) {
        io.err(`isobar render: ${redactedMessage(err)}\n`);
        return 1;
      }
    },
  };
  return command;
}

export const renderCommand: CliCommand = createRenderCommand();

/**
 * Runs the app (sources, engine; no sinks) until its first snapshot, which the engine publishes only
 * once every source has synced, then stops it.
 */
async function buildOnce(config: IsobarConfig, logger: Logger, timeoutMs: number): Promise<{ snapshot: Snapshot; report: RenderReport }> {
  // No status endpoint: a one-shot run serves nobody, and must not collide with a running "isobar serve".
  const app = await App.create({ ...config, plugins: await withoutSinks(config.plugins) }, logger, pluginCatalog, { statusEndpoint: false });
  if (!app.plugins.some((p) => p.kind === 'source')) {
    throw new Error(`no source plugin in "plugins" (${config.plugins.join(', ') || 'empty'}): nothing to render; add e.g. source-file`);
  }
  // The report below lists every problem; logging them as well would print each twice.
  app.engine.board.muteLog();
  const published = new Promise<Snapshot>((resolve) => app.engine.onPublish(resolve));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no configuration was built within ${timeoutMs} ms: a source did not finish reading, or the build failed (see the log)`)), timeoutMs);
  });
  const starting = app.start();
  try {
    await Promise.race([starting, timedOut]);
    const snapshot = await Promise.race([published, timedOut]);
    const board = app.engine.board;
    return { snapshot, report: renderReport(board.objectStatuses(), board.sourceProblems()) };
  } finally {
    clearTimeout(timer);
    // Stopping a half-started app could leave a watcher running that starts after the stop, and the process
    // would never exit: let start finish (or fail) first.
    await starting.catch(() => {});
    await app.stop();
  }
}

/** The configured plugins minus sinks: a render serves nobody, and an xDS sink would take a port. */
async function withoutSinks(ids: readonly string[]): Promise<string[]> {
  const kept: string[] = [];
  for (const id of ids) {
    const load = pluginCatalog[id];
    // An unknown id is kept so that App.create reports it the usual way.
    if (!load || (await load()).kind !== 'sink') kept.push(id);
  }
  return kept;
}

interface RenderArgs {
  flags: Parameters<typeof configFrom>[0];
  output: string;
  timeoutMs: number;
  showSecrets: boolean;
  allowProblems: boolean;
  bootstrap: { adminPort: number; nodeId: string; nodeCluster: string };
}

function parse(args: string[]): 'help' | RenderArgs {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false });
  if (values.help) return 'help';
  if (!values.output) throw new Error('missing -o <file> to write');
  const adminPort = numberArg('--admin-port', values['admin-port'], 65535);
  const timeoutMs = numberArg('--timeout', values.timeout, Number.MAX_SAFE_INTEGER);
  if (timeoutMs === 0) throw new Error('--timeout must be positive');
  if (values['node-id'].trim() === '' || values['node-cluster'].trim() === '') throw new Error('--node-id and --node-cluster must not be empty');
  return {
    flags: values,
    output: values.output,
    timeoutMs,
    showSecrets: values['show-secrets'],
    allowProblems: values['allow-problems'],
    bootstrap: { adminPort, nodeId: values['node-id'], nodeCluster: values['node-cluster'] },
  };
}

function numberArg(flag: string, text: string, max: number): number {
  if (!/^\d{1,16}$/.test(text) || Number(text) > max) throw new Error(`${flag} must be a whole number (0-${max}), got "${text}"`);
  return Number(text);
}

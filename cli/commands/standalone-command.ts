import { mkdtempSync, rmSync } from 'node:fs';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { IsobarError } from '../../core/errors.js';
import { writeBootstrapFile } from '../../plugins/sink-static/bootstrap-writer.js';
import type { CliCommand } from '../cli-command.js';
import { COMMON_HELP, COMMON_OPTIONS, configFrom, loggerFor, REPEAT_SIGNAL_MS, runUntilSignal } from '../run-app.js';
import { locateEnvoy } from '../standalone/envoy-locator.js';
import { EnvoySupervisor } from '../standalone/envoy-supervisor.js';
import { tryUrls } from '../standalone/try-urls.js';

export const standaloneCommand: CliCommand = {
  name: 'standalone',
  summary: 'run isobar and a supervised Envoy together in one process (a VM ingress)',
  usage: `Usage: isobar standalone [options]

Runs "isobar serve" and starts Envoy as a supervised child pointed at it. Envoy runs in a process
group of its own: Ctrl-C reaches isobar alone, and isobar drains Envoy.

On SIGTERM or SIGINT (Ctrl-C): Envoy's /ready starts answering 503, its listeners drain gracefully
(requests in flight complete; their responses, and any on new connections, carry "connection:
close"); isobar keeps serving xDS meanwhile. Once no downstream connection is left, or after
standalone.drainSeconds (WebSocket and TCP sessions get that long), Envoy and isobar exit 0.
A second signal, more than ${REPEAT_SIGNAL_MS} ms after the first, kills Envoy and exits at once
(130 for SIGINT, 143 for SIGTERM).

Envoy's log lines are relayed at their own level (warning as warn, critical as fatal). Envoy is
found via --envoy, $ENVOY_BIN, PATH, or .tools/bin/envoy (npm run setup).

Envoy's metrics: a listener on envoy.stats.address:envoy.stats.port (default 127.0.0.1:8002; port 0:
none) serves GET /stats/prometheus of Envoy's admin and nothing else; the admin itself stays on
127.0.0.1:standalone.envoyAdminPort.

Options:
      --envoy <path>          Envoy binary
      --envoy-log-level <l>   Envoy's log level (default warn)
      --stats-address <ip>    address of Envoy's stats listener (overrides envoy.stats.address)
      --stats-port <port>     port of Envoy's stats listener, 0 for none (overrides envoy.stats.port)
${COMMON_HELP}`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { ...COMMON_OPTIONS, envoy: { type: 'string' }, 'envoy-log-level': { type: 'string' }, 'stats-address': { type: 'string' }, 'stats-port': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(standaloneCommand.usage + '\n');
      return 0;
    }
    const config = configFrom(
      values,
      { 'standalone.envoyBin': values.envoy, 'envoy.stats.address': values['stats-address'], 'envoy.stats.port': values['stats-port'] },
      { 'standalone.envoyBin': '--envoy', 'envoy.stats.address': '--stats-address', 'envoy.stats.port': '--stats-port' },
    );
    const stats = config.envoy.stats;
    if (stats.port > 0 && isIP(stats.address) === 0) {
      // Envoy binds a listener to an IP address only; found now rather than once isobar is up.
      throw new IsobarError('CONFIG_INVALID', `envoy.stats.address must be an IP address (the stats listener binds it), got "${stats.address}"`);
    }
    if (!config.plugins.includes('sink-xds')) config.plugins.push('sink-xds');
    if (config.xds.tls.caFile || config.xds.tls.certFile || config.xds.tls.keyFile) {
      // The supervised Envoy has no client certificate: it would be refused and never become ready.
      throw new IsobarError('USAGE', 'standalone runs its own Envoy over plaintext xDS on this machine; unset xds.tls (or run "isobar serve" and an Envoy bootstrapped with "isobar bootstrap --xds-ca/--xds-cert/--xds-key")');
    }
    const logger = loggerFor(config);
    const bin = locateEnvoy(config.standalone.envoyBin);
    const dir = mkdtempSync(join(tmpdir(), 'isobar-'));
    let envoy: EnvoySupervisor | undefined;
    return runUntilSignal(config, logger, {
      async started(app) {
        const bootstrapFile = join(dir, 'envoy-bootstrap.json');
        writeBootstrapFile(bootstrapFile, {
          xdsAddress: config.xds.address === '0.0.0.0' ? '127.0.0.1' : config.xds.address,
          xdsPort: app.xdsPort() ?? config.xds.port,
          nodeId: config.standalone.nodeId,
          nodeCluster: config.standalone.nodeCluster,
          adminPort: config.standalone.envoyAdminPort,
          statsAddress: stats.address,
          statsPort: stats.port,
        });
        envoy = new EnvoySupervisor(
          {
            bin,
            bootstrapFile,
            adminAddressFile: join(dir, 'envoy-admin-address'),
            drainSeconds: config.standalone.drainSeconds,
            drainStrategy: config.standalone.drainStrategy,
            logLevel: values['envoy-log-level'] ?? 'warn',
          },
          logger.child({ component: 'envoy' }),
        );
        envoy.start();
        if (stats.port > 0) logger.info({ url: `http://${stats.address}:${stats.port}/stats/prometheus` }, "envoy's metrics for Prometheus");
        const announce = () => {
          const build = app.engine.lastBuild();
          if (!build) return;
          const urls = tryUrls(build.dag, config);
          logger.info({ urls }, `serving; try:\n  ${urls.join('\n  ') || '(nothing yet: add Ingress YAML to the watched directory)'}`);
        };
        announce();
        app.engine.onPublish(announce);
      },
      async stopping() {
        await envoy?.stop();
        rmSync(dir, { recursive: true, force: true });
      },
      abort() {
        envoy?.kill();
        rmSync(dir, { recursive: true, force: true });
      },
    });
  },
};

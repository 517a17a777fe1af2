import { parseArgs } from 'node:util';
import type { CliCommand } from '../cli-command.js';
import { COMMON_HELP, COMMON_OPTIONS, configFrom, loggerFor, runUntilSignal } from '../run-app.js';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the control plane (sources → DAG → sinks) until SIGTERM',
  usage: `Usage: isobar serve [options]

Runs isobar: watches its sources, serves Envoy over xDS (and/or writes static config), and serves its
status endpoint. Point Envoy at it with a bootstrap from "isobar bootstrap".

Options:
${COMMON_HELP}`,
  async run(args) {
    const { values } = parseArgs({ args, options: COMMON_OPTIONS, strict: true, allowPositionals: false });
    if (values.help) {
      process.stdout.write(serveCommand.usage + '\n');
      return 0;
    }
    const config = configFrom(values);
    return runUntilSignal(config, loggerFor(config));
  },
};

import { parseArgs } from 'node:util';
import type { IsobarConfig } from '../../config/schema.js';
import type { CliCommand } from '../cli-command.js';
import { COMMON_HELP, COMMON_OPTIONS, configFrom, loggerFor, runUntilSignal } from '../run-app.js';

const OPTIONS = {
  ...COMMON_OPTIONS,
  incluster: { type: 'boolean' },
  kubeconfig: { type: 'string' },
  'watch-namespaces': { type: 'string' },
  'ingress-class': { type: 'string' },
  'envoy-http-port': { type: 'string' },
  'envoy-https-port': { type: 'string' },
} as const;

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'run the control plane (sources → DAG → sinks) until SIGTERM',
  usage: `Usage: isobar serve [options]

Runs isobar: watches its sources, serves Envoy over xDS (and/or writes static config), and serves its
status endpoint. Point Envoy at it with a bootstrap from "isobar bootstrap".

Options:
${COMMON_HELP}
      --incluster             watch the Kubernetes cluster this pod runs in, with its service account
                              (the source-k8s plugin takes the place of source-file)
      --kubeconfig <file>     watch the cluster of this kubeconfig (source-k8s, as above)
      --watch-namespaces <a,b> only these namespaces (sourceK8s.watchNamespaces; needs Roles there only)
      --ingress-class <name>  the ingress class to serve (ingress.className)
      --envoy-http-port <n>   port Envoy listens on for HTTP (listeners.http.port)
      --envoy-https-port <n>  port Envoy listens on for HTTPS (listeners.https.port)`,
  async run(args) {
    const { values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false });
    if (values.help) {
      process.stdout.write(serveCommand.usage + '\n');
      return 0;
    }
    // Flag values go to the config as text: it parses them as strictly as environment variables and
    // names the flag when one is wrong.
    const config = configFrom(
      values,
      {
        'sourceK8s.inCluster': values.incluster || undefined,
        'sourceK8s.kubeconfig': values.kubeconfig,
        'sourceK8s.watchNamespaces': values['watch-namespaces'],
        'ingress.className': values['ingress-class'],
        'listeners.http.port': values['envoy-http-port'],
        'listeners.https.port': values['envoy-https-port'],
      },
      {
        'sourceK8s.inCluster': '--incluster',
        'sourceK8s.kubeconfig': '--kubeconfig',
        'sourceK8s.watchNamespaces': '--watch-namespaces',
        'ingress.className': '--ingress-class',
        'listeners.http.port': '--envoy-http-port',
        'listeners.https.port': '--envoy-https-port',
      },
    );
    if (values.incluster || values.kubeconfig) useKubernetesSource(config);
    return runUntilSignal(config, loggerFor(config));
  },
};

/** `--incluster`/`--kubeconfig` mean "the cluster is the source": source-k8s instead of source-file. */
export function useKubernetesSource(config: IsobarConfig): void {
  if (config.plugins.includes('source-k8s')) return;
  config.plugins = [...config.plugins.filter((p) => p !== 'source-file'), 'source-k8s'];
}

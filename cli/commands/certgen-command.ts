import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { IsobarError } from '../../core/errors.js';
import {
  CLIENT_SECRET_NAME,
  generateXdsCertificates,
  kubernetesSecretsYaml,
  SERVER_SECRET_NAME,
  writeCertificateFiles,
  type XdsCertificateOptions,
} from '../certgen/xds-certificates.js';
import type { CliCommand } from '../cli-command.js';
import { parseOrExit, processIo, type CommandIo } from '../command-io.js';

const USAGE = `Usage: isobar certgen (--out-dir <dir> | --kube-secrets) [options]

Makes the certificates for xDS over mutual TLS: a new CA, isobar's xDS server certificate and Envoy's
client certificate (CN envoy), both signed by that CA. The CA's private key is not kept: to rotate, run
certgen again (with --overwrite, or kubectl apply) and restart isobar and Envoy.

isobar's certificate names: <service>, <service>.<namespace>, <service>.<namespace>.svc,
<service>.<namespace>.svc.cluster.local, isobar, localhost, 127.0.0.1, and --dns / --ip.

Output (one or both):
      --out-dir <dir>         write ca.crt, isobar.crt, isobar.key, envoy.crt and envoy.key there (keys
                              mode 0600); refuses to replace existing files unless --overwrite
      --kube-secrets          print two Secrets of type kubernetes.io/tls (${SERVER_SECRET_NAME} for isobar,
                              ${CLIENT_SECRET_NAME} for Envoy; keys ca.crt, tls.crt, tls.key) to standard
                              output, e.g. "isobar certgen --kube-secrets | kubectl apply -f -"

Options:
      --namespace <ns>        namespace of isobar's Service and of the Secrets (default isobar-system)
      --service <name>        name of isobar's xDS Service (default isobar)
      --dns <name>            another DNS name for isobar's certificate (repeatable, or comma-separated)
      --ip <addr>             another IP address for isobar's certificate (repeatable, or comma-separated)
      --valid-days <n>        how long the CA and the certificates are valid (default 365)
      --overwrite             replace existing files in --out-dir
  -h, --help                  show this help

Then: isobar with xds.tls.caFile/certFile/keyFile = ca.crt, isobar.crt, isobar.key, and Envoy's bootstrap
from "isobar bootstrap --xds-ca ca.crt --xds-cert envoy.crt --xds-key envoy.key".`;

const OPTIONS = {
  'out-dir': { type: 'string' },
  'kube-secrets': { type: 'boolean', default: false },
  namespace: { type: 'string', default: 'isobar-system' },
  service: { type: 'string', default: 'isobar' },
  dns: { type: 'string', multiple: true, default: [] as string[] },
  ip: { type: 'string', multiple: true, default: [] as string[] },
  'valid-days': { type: 'string', default: '365' },
  overwrite: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

interface CertgenArgs {
  outDir: string | undefined;
  kubeSecrets: boolean;
  overwrite: boolean;
  certificates: XdsCertificateOptions;
}

/** `isobar certgen`, like `contour certgen`. The io is injectable for tests. */
export function createCertgenCommand(io: CommandIo = processIo): CliCommand {
  return {
    name: 'certgen',
    summary: 'make a CA and the certificates for xDS over mutual TLS (files or Kubernetes Secrets)',
    usage: USAGE,
    async run(args: string[]): Promise<number> {
      const result = parseOrExit(io, 'certgen', USAGE, () => parse(args));
      if ('exit' in result) return result.exit;
      const parsed = result.args;
      try {
        const certs = generateXdsCertificates(parsed.certificates);
        if (parsed.outDir !== undefined) {
          writeCertificateFiles(parsed.outDir, certs, parsed.overwrite);
          io.err(`isobar certgen: wrote ca.crt, isobar.crt, isobar.key, envoy.crt, envoy.key to ${parsed.outDir}\n`);
        }
        if (parsed.kubeSecrets) io.out(kubernetesSecretsYaml(certs, parsed.certificates.namespace));
        io.err(`isobar certgen: isobar's certificate names ${certs.serverNames.join(', ')}; valid ${parsed.certificates.validDays} days\n`);
        return 0;
      } catch (err) {
        io.err(`isobar certgen: ${(err as Error).message}\n`);
        // A bad --dns name is found while making the certificate: still a usage error.
        return err instanceof IsobarError && err.code === 'CONFIG_INVALID' ? 2 : 1;
      }
    },
  };
}

export const certgenCommand: CliCommand = createCertgenCommand();

// A Kubernetes object name that is also a DNS label (Services and namespaces are both).
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function parse(args: string[]): 'help' | CertgenArgs {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new Error(`unexpected argument: ${positionals.join(' ')}`);
  const outDir = values['out-dir'];
  if (outDir === undefined && !values['kube-secrets']) throw new Error('give --out-dir <dir>, --kube-secrets, or both');
  if (outDir === '') throw new Error('--out-dir is empty');
  for (const flag of ['namespace', 'service'] as const) {
    if (!DNS_LABEL.test(values[flag])) throw new Error(`--${flag} "${values[flag]}" is not a valid Kubernetes name (lower-case letters, digits, '-')`);
  }
  const ips = list(values.ip);
  const notIp = ips.find((ip) => isIP(ip) === 0);
  if (notIp !== undefined) throw new Error(`--ip "${notIp}" is not an IPv4 or IPv6 address`);
  const days = values['valid-days'];
  if (!/^\d{1,5}$/.test(days) || Number(days) < 1 || Number(days) > 36_500) throw new Error(`--valid-days must be a number of days from 1 to 36500, got "${days}"`);
  return {
    outDir,
    kubeSecrets: values['kube-secrets'],
    overwrite: values.overwrite,
    certificates: { namespace: values.namespace, service: values.service, extraNames: [...list(values.dns), ...ips], validDays: Number(days) },
  };
}

/** Repeated flags, each possibly comma-separated. */
function list(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

import { App } from '../../../cli/app.js';
import type { IsobarConfig } from '../../../config/schema.js';
import type { PluginCatalog } from '../../../core/container/plugin-loader.js';
import { createLogger } from '../../../core/logging.js';
import { startEnvoy, type EnvoyProcess } from '../../e2e/harness/envoy-process.js';
import { inProcessConfig } from '../../e2e/harness/in-process-config.js';
import { xdsBootstrap } from '../../e2e/harness/isobar-stack.js';
import { request } from '../../e2e/harness/http-client.js';
import { freePorts } from '../../e2e/harness/ports.js';
import type { StatusJson } from '../../e2e/harness/isobar-stack.js';
import type { KubeCluster } from './kube-cluster.js';

export interface K8sIsobarOptions {
  /** The identity isobar runs as (a service-account token); default cluster-admin. */
  token?: string;
  config?: Record<string, unknown>;
  /** Start a real Envoy on the xDS server (default true). */
  envoy?: boolean;
  name?: string;
  /** The plugins isobar can load (default: the ones it ships). */
  catalog?: PluginCatalog;
}

export interface K8sIsobar {
  app: App;
  envoy: EnvoyProcess | undefined;
  config: IsobarConfig;
  httpPort: number;
  status(): Promise<StatusJson>;
  stop(): Promise<void>;
}

/** isobar in-process with the Kubernetes source on `cluster`, serving xDS to a real Envoy. */
export async function startK8sIsobar(cluster: KubeCluster, options: K8sIsobarOptions = {}): Promise<K8sIsobar> {
  const name = options.name ?? 'isobar';
  const kubeconfig = await cluster.kubeConfigFile(`${name}-${Date.now()}`, options.token);
  const [httpPort, httpsPort] = await freePorts(2);
  const config = inProcessConfig('', {
    plugins: ['source-k8s', 'sink-xds', 'websocket', 'prefix-rewrite', 'timeout-retry', 'load-balancing', 'health-check', 'tcp-proxy'],
    'sourceK8s.kubeconfig': kubeconfig,
    'listeners.http.address': '127.0.0.1',
    'listeners.http.port': httpPort,
    'listeners.https.address': '127.0.0.1',
    'listeners.https.port': httpsPort,
    'leaderElection.retryPeriodSeconds': 1,
    ...options.config,
  });
  const app = await App.create(config, createLogger(config.log), options.catalog);
  await app.start();
  let envoy: EnvoyProcess | undefined;
  if (options.envoy !== false) {
    try {
      envoy = await startEnvoy({ bootstrap: xdsBootstrap(app.xdsPort()!, name), waitFor: 'admin' });
    } catch (err) {
      await app.stop();
      throw err;
    }
  }
  return {
    app,
    envoy,
    config,
    httpPort,
    async status() {
      return (await request({ port: app.adminPort, path: '/status' })).json<StatusJson>();
    },
    async stop() {
      await envoy?.stop();
      await app.stop();
    },
  };
}

/** Route config names → virtual host domains, from Envoy's loaded (not just received) config. */
export async function envoyDomains(envoy: EnvoyProcess): Promise<string[]> {
  const section = await envoy.configDumpSection<{ dynamic_route_configs?: Array<{ route_config: { virtual_hosts?: Array<{ domains: string[] }> } }> }>('.RoutesConfigDump');
  return (section?.dynamic_route_configs ?? []).flatMap((r) => (r.route_config.virtual_hosts ?? []).flatMap((v) => v.domains)).sort();
}

/** Envoy's active clusters' names. */
export async function envoyClusters(envoy: EnvoyProcess): Promise<string[]> {
  const section = await envoy.configDumpSection<{ dynamic_active_clusters?: Array<{ cluster: { name: string } }> }>('ClustersConfigDump');
  return (section?.dynamic_active_clusters ?? []).map((c) => c.cluster.name).sort();
}

/** Endpoint addresses Envoy has per cluster (EDS included). */
export async function envoyEndpoints(envoy: EnvoyProcess): Promise<Record<string, string[]>> {
  const dump = await envoy.configDump('include_eds');
  const section = dump.configs.find((c) => c['@type'].endsWith('EndpointsConfigDump')) as
    | { dynamic_endpoint_configs?: Array<{ endpoint_config: { cluster_name: string; endpoints?: Array<{ lb_endpoints?: Array<{ endpoint: { address: { socket_address: { address: string; port_value: number } } } }> }> } }> }
    | undefined;
  const out: Record<string, string[]> = {};
  for (const e of section?.dynamic_endpoint_configs ?? []) {
    out[e.endpoint_config.cluster_name] = (e.endpoint_config.endpoints ?? [])
      .flatMap((l) => l.lb_endpoints ?? [])
      .map((l) => `${l.endpoint.address.socket_address.address}:${l.endpoint.address.socket_address.port_value}`)
      .sort();
  }
  return out;
}

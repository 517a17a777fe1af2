import { isIP } from 'node:net';
import { envoy, envoyRuntimeLayers, FLEET_METADATA_KEY, IsobarError, XDS_CLUSTER_NAME } from '../../core/index.js';
import { writeFileAtomic } from './atomic-write.js';
import { durationMs } from './durations.js';
import { renderProtoJson } from './proto-json.js';
import { statsCluster, statsListener } from './stats-listener.js';
import { xdsCluster, type XdsClusterTls } from './xds-cluster.js';

/** Name of the bootstrap's static cluster that reaches isobar's xDS server (core's 'grpc' config sources name it too). */
export { XDS_CLUSTER_NAME };

/**
 * How Envoy talks xDS to isobar: 'ads', one state-of-the-world ADS stream (default); 'delta-ads', one
 * incremental ADS stream; 'per-type', separate LDS and CDS streams (and RDS/EDS/SDS streams as the
 * resources say), as in Contour's early bootstraps. 'per-type' needs isobar's xds.configSource 'grpc'.
 */
export type XdsMode = 'ads' | 'delta-ads' | 'per-type';
export const XDS_MODES: readonly XdsMode[] = ['ads', 'delta-ads', 'per-type'];
/** Envoy's admin interface is only ever bound here: it can stop Envoy and dump its secrets. */
export const ADMIN_ADDRESS = '127.0.0.1';

export interface BootstrapOptions {
  /** IP address or host name of isobar's xDS server. */
  xdsAddress: string;
  xdsPort: number;
  nodeId: string;
  nodeCluster: string;
  /**
   * The fleet this Envoy serves (e.g. `gateway/<namespace>/<name>`), written to node.metadata as
   * `isobar.io/fleet`: isobar then sends it only that fleet's listeners. Absent: the default fleet.
   */
  fleet?: string;
  /** Port of Envoy's admin interface on 127.0.0.1 (0: Envoy picks one; see --admin-address-path). */
  adminPort: number;
  /** Connect timeout to the xDS server. Default 5000. */
  xdsConnectTimeoutMs?: number;
  /** First and largest delay between attempts to re-open the ADS stream. Default 500 and 10000. */
  xdsRetryBaseMs?: number;
  xdsRetryMaxMs?: number;
  /** Default 'ads'. */
  xdsMode?: XdsMode;
  /** Address and port of the listener serving only GET /stats/prometheus; port 0 or absent: none. Needs a fixed admin port. */
  statsAddress?: string;
  statsPort?: number;
  /** Mutual TLS to isobar (files as Envoy sees them); absent: plaintext. */
  xdsTls?: BootstrapTls;
}

/** Envoy's client certificate and key, and the CA isobar's certificate must be signed by. */
export interface BootstrapTls {
  caFile: string;
  certFile: string;
  keyFile: string;
  /** SNI and the name isobar's certificate must carry. Default: defaultXdsServerName(xdsAddress). */
  serverName?: string;
}

/**
 * The name Envoy expects in isobar's certificate when none is given: the xDS address when it is a host
 * name (a Service name is in the certificate `isobar certgen` makes), else "isobar", which that
 * certificate always carries, so dialling 127.0.0.1 or a pod IP still verifies.
 */
export function defaultXdsServerName(xdsAddress: string): string {
  return isIP(xdsAddress) === 0 ? xdsAddress : 'isobar';
}

type ResolvedOptions = Required<Omit<BootstrapOptions, 'xdsTls' | 'statsAddress' | 'statsPort' | 'fleet'>> & { statsAddress: string; statsPort: number } & { xdsTls?: XdsClusterTls; fleet?: string };

export const BOOTSTRAP_DEFAULTS = {
  xdsConnectTimeoutMs: 5_000,
  xdsRetryBaseMs: 500,
  xdsRetryMaxMs: 10_000,
  xdsMode: 'ads',
} as const;

/**
 * The bootstrap of an Envoy driven by isobar: everything (listeners, clusters, and through them routes,
 * endpoints and secrets) comes over one ADS stream to the `isobar` cluster, so Envoy sees each snapshot
 * as a consistent whole.
 */
export function buildBootstrap(options: BootstrapOptions): envoy.Bootstrap {
  const { xdsTls, ...rest } = options;
  const o: ResolvedOptions = {
    ...rest,
    xdsConnectTimeoutMs: options.xdsConnectTimeoutMs ?? BOOTSTRAP_DEFAULTS.xdsConnectTimeoutMs,
    xdsRetryBaseMs: options.xdsRetryBaseMs ?? BOOTSTRAP_DEFAULTS.xdsRetryBaseMs,
    xdsRetryMaxMs: options.xdsRetryMaxMs ?? BOOTSTRAP_DEFAULTS.xdsRetryMaxMs,
    xdsMode: options.xdsMode ?? BOOTSTRAP_DEFAULTS.xdsMode,
    statsAddress: options.statsAddress ?? '0.0.0.0',
    statsPort: options.statsPort ?? 0,
    ...(xdsTls ? { xdsTls: { ...xdsTls, serverName: xdsTls.serverName ?? defaultXdsServerName(options.xdsAddress) } } : {}),
  };
  checkOptions(o);
  return envoy.Bootstrap.fromPartial({
    node: { id: o.nodeId, cluster: o.nodeCluster, ...(o.fleet !== undefined ? { metadata: { [FLEET_METADATA_KEY]: o.fleet } } : {}) },
    dynamicResources: dynamicResources(o),
    staticResources: {
      clusters: [
        xdsCluster({ name: XDS_CLUSTER_NAME, address: o.xdsAddress, port: o.xdsPort, connectTimeoutMs: o.xdsConnectTimeoutMs, ...(o.xdsTls ? { tls: o.xdsTls } : {}) }),
        ...(o.statsPort > 0 ? [statsCluster(ADMIN_ADDRESS, o.adminPort)] : []),
      ],
      listeners: o.statsPort > 0 ? [statsListener(o.statsAddress, o.statsPort)] : [],
    },
    admin: { address: { socketAddress: { address: ADMIN_ADDRESS, portValue: o.adminPort } } },
    layeredRuntime: { layers: envoyRuntimeLayers() },
  });
}

function dynamicResources(o: ResolvedOptions): envoy.Bootstrap['dynamicResources'] {
  const grpcServices = [
    {
      envoyGrpc: {
        clusterName: XDS_CLUSTER_NAME,
        // Envoy's gRPC mux takes its reconnect backoff from here: retry soon after isobar restarts,
        // without hammering an xDS server that stays down.
        retryPolicy: { retryBackOff: { baseInterval: durationMs(o.xdsRetryBaseMs), maxInterval: durationMs(o.xdsRetryMaxMs) } },
      },
    },
  ];
  const transportApiVersion = envoy.ApiVersion.V3;
  if (o.xdsMode === 'per-type') {
    const source = {
      apiConfigSource: { apiType: envoy.ApiConfigSource_ApiType.GRPC, transportApiVersion, grpcServices, setNodeOnFirstMessageOnly: true },
      resourceApiVersion: envoy.ApiVersion.V3,
    };
    return envoy.Bootstrap_DynamicResources.fromPartial({ ldsConfig: source, cdsConfig: source });
  }
  const apiType = o.xdsMode === 'delta-ads' ? envoy.ApiConfigSource_ApiType.DELTA_GRPC : envoy.ApiConfigSource_ApiType.GRPC;
  const ads = { ads: {}, resourceApiVersion: envoy.ApiVersion.V3 };
  return envoy.Bootstrap_DynamicResources.fromPartial({ adsConfig: { apiType, transportApiVersion, grpcServices }, ldsConfig: ads, cdsConfig: ads });
}

/** The bootstrap as Envoy-readable JSON text. */
export function renderBootstrap(options: BootstrapOptions): string {
  return renderProtoJson(envoy.Bootstrap, buildBootstrap(options));
}

/** Renders the bootstrap and replaces `file` with it atomically. */
export function writeBootstrapFile(file: string, options: BootstrapOptions): void {
  writeFileAtomic(file, renderBootstrap(options));
}

function checkOptions(o: ResolvedOptions): void {
  const problems: string[] = [];
  if (o.xdsAddress.trim() === '' || /\s|\//.test(o.xdsAddress)) problems.push(`xDS address "${o.xdsAddress}" is not an IP address or host name`);
  if (isIP(o.xdsAddress) === 0 && o.xdsAddress.includes(':')) problems.push(`xDS address "${o.xdsAddress}" looks like host:port; give the port separately`);
  if (!isPort(o.xdsPort, 1)) problems.push(`xDS port ${o.xdsPort} is not in 1-65535`);
  if (!isPort(o.adminPort, 0)) problems.push(`admin port ${o.adminPort} is not in 0-65535`);
  if (!isPort(o.statsPort, 0)) problems.push(`stats port ${o.statsPort} is not in 0-65535`);
  if (o.statsPort > 0 && o.adminPort === 0) problems.push('stats port needs a fixed admin port (admin port is 0)');
  if (o.statsPort > 0 && isIP(o.statsAddress) === 0) problems.push(`stats address "${o.statsAddress}" is not an IP address`);
  if (o.nodeId.trim() === '') problems.push('node id is empty');
  if (o.nodeCluster.trim() === '') problems.push('node cluster is empty');
  // Empty would be the default fleet, which is what leaving the option out says.
  if (o.fleet !== undefined && (o.fleet === '' || /\s/.test(o.fleet))) problems.push(`fleet "${o.fleet}" is empty or holds white space`);
  if (!(o.xdsConnectTimeoutMs > 0)) problems.push('xDS connect timeout must be positive');
  if (!XDS_MODES.includes(o.xdsMode)) problems.push(`xDS mode "${o.xdsMode}" is not one of ${XDS_MODES.join(', ')}`);
  if (!(o.xdsRetryBaseMs > 0) || !(o.xdsRetryMaxMs >= o.xdsRetryBaseMs)) problems.push('xDS retry backoff needs 0 < base <= max');
  if (o.xdsTls) {
    const files = { 'CA file': o.xdsTls.caFile, 'certificate file': o.xdsTls.certFile, 'key file': o.xdsTls.keyFile };
    for (const [what, path] of Object.entries(files)) if (path.trim() === '') problems.push(`xDS TLS ${what} is empty`);
    const name = o.xdsTls.serverName;
    if (name.trim() === '' || (/[\s/:]/.test(name) && isIP(name) === 0)) problems.push(`xDS server name "${name}" is not a host name or IP address`);
  }
  if (problems.length > 0) throw new IsobarError('CONFIG_INVALID', `invalid bootstrap options: ${problems.join('; ')}`);
}

function isPort(n: number, min: number): boolean {
  return Number.isInteger(n) && n >= min && n <= 65535;
}

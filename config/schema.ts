/**
 * The isobar config file schema (convict). Every key is documented here, has a default, and can be set
 * from the environment (ISOBAR_…). A key the schema does not know is an error that names it. Formats are
 * the strict ones of strict-formats.ts (or a list of allowed strings, or String): a port is written in
 * digits, a boolean as true/false, a list from the environment comma-separated.
 */
export const schema = {
  plugins: {
    doc: 'Plugins to load, by id (routing APIs, sources, sinks and features). A list that names no routing API (api-…) also loads api-ingress and api-ingressroute. Unknown ids are an error.',
    format: 'strict-list',
    default: ['api-ingress', 'api-ingressroute', 'source-file', 'sink-xds', 'websocket', 'prefix-rewrite', 'timeout-retry', 'load-balancing', 'health-check', 'tcp-proxy'],
    env: 'ISOBAR_PLUGINS',
  },
  log: {
    level: { doc: 'Log level.', format: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], default: 'info', env: 'ISOBAR_LOG_LEVEL' },
    format: { doc: 'json, pretty, or auto (pretty when stdout is a terminal).', format: ['json', 'pretty', 'auto'], default: 'auto', env: 'ISOBAR_LOG_FORMAT' },
  },
  admin: {
    address: { doc: "Address of isobar's own status, health and readiness endpoint.", format: String, default: '127.0.0.1', env: 'ISOBAR_ADMIN_ADDRESS' },
    port: { doc: 'Port of the status endpoint (0 picks a free port).', format: 'strict-port-or-zero', default: 8000, env: 'ISOBAR_ADMIN_PORT' },
  },
  listeners: {
    http: {
      address: { doc: 'Address Envoy listens on for HTTP.', format: String, default: '0.0.0.0', env: 'ISOBAR_HTTP_ADDRESS' },
      port: { doc: 'Port Envoy listens on for HTTP.', format: 'strict-port', default: 8080, env: 'ISOBAR_HTTP_PORT' },
    },
    https: {
      address: { doc: 'Address Envoy listens on for HTTPS.', format: String, default: '0.0.0.0', env: 'ISOBAR_HTTPS_ADDRESS' },
      port: { doc: 'Port Envoy listens on for HTTPS.', format: 'strict-port', default: 8443, env: 'ISOBAR_HTTPS_PORT' },
      redirectPort: {
        doc: 'Port HTTP→HTTPS redirects point to (the port clients reach HTTPS on; 443 leaves it out of the URL).',
        format: 'strict-port',
        default: 443,
        env: 'ISOBAR_HTTPS_REDIRECT_PORT',
      },
    },
  },
  upstream: {
    connectTimeoutMs: { doc: 'Timeout for Envoy to connect to a backend.', format: 'strict-nat', default: 2000, env: 'ISOBAR_CONNECT_TIMEOUT_MS' },
  },
  envoy: {
    accessLog: { doc: "Envoy writes an access log line per request to its stdout.", format: 'strict-boolean', default: false, env: 'ISOBAR_ACCESS_LOG' },
    stats: {
      address: {
        doc: "Address of the listener on standalone's Envoy that serves only GET /stats/prometheus of Envoy's admin (which stays on 127.0.0.1). An IP address.",
        format: String,
        default: '127.0.0.1',
        env: 'ISOBAR_ENVOY_STATS_ADDRESS',
      },
      port: { doc: "Port of that stats listener (0: none).", format: 'strict-port-or-zero', default: 8002, env: 'ISOBAR_ENVOY_STATS_PORT' },
      perHost: {
        doc: "Give every virtual host a virtual cluster 'all', so that Envoy keeps request, response-code and latency stats per host (vhost.<host>.vcluster.all.*). About 12-15 stats and 5 KB of Envoy memory per host (see README, Envoy's metrics).",
        format: 'strict-boolean',
        default: true,
        env: 'ISOBAR_ENVOY_STATS_PER_HOST',
      },
    },
  },
  engine: {
    debounceMs: { doc: 'Changes arriving within this many ms are built together.', format: 'strict-nat', default: 10, env: 'ISOBAR_DEBOUNCE_MS' },
    maxDelayMs: { doc: 'A stream of changes is built at least this often.', format: 'strict-nat', default: 250, env: 'ISOBAR_MAX_DELAY_MS' },
    checkEmitted: {
      doc: "Check every resource against Envoy's own rules (PGV, RE2) before publishing, and withhold the objects behind any it would refuse. Turn off only to diagnose a suspected false refusal: Envoy's rejections then quarantine the objects instead.",
      format: 'strict-boolean',
      default: true,
      env: 'ISOBAR_CHECK_EMITTED',
    },
    memoryReducer: {
      doc: 'Once builds have stopped for 10 s, give back the memory a burst left behind (one compacting collection, when RSS is mostly freed heap pages).',
      format: 'strict-boolean',
      default: true,
      env: 'ISOBAR_MEMORY_REDUCER',
    },
  },
  ingress: {
    defaultNamespace: { doc: 'Namespace for objects that name none (file source).', format: String, default: 'default', env: 'ISOBAR_DEFAULT_NAMESPACE' },
    className: {
      doc: "Ingress class this controller serves: Ingresses and IngressRoutes whose kubernetes.io/ingress.class annotation or spec.ingressClassName is this (objects of other classes are left to other controllers).",
      format: String,
      default: 'isobar',
      env: 'ISOBAR_INGRESS_CLASS',
    },
    controllerName: {
      doc: "An Ingress whose spec.ingressClassName names an IngressClass with this spec.controller is served too.",
      format: String,
      default: 'isobar.io/ingress-controller',
      env: 'ISOBAR_CONTROLLER_NAME',
    },
    handleUnclassed: {
      doc: 'Serve Ingresses and IngressRoutes that name no class at all.',
      format: 'strict-boolean',
      default: true,
      env: 'ISOBAR_HANDLE_UNCLASSED',
    },
  },
  ingressRoute: {
    rootNamespaces: {
      doc: 'Namespaces where root IngressRoutes (those with a virtualhost) may live; empty allows every namespace.',
      format: 'strict-list',
      default: [],
      env: 'ISOBAR_ROOT_NAMESPACES',
    },
  },
  gatewayApi: {
    controllerName: {
      doc: 'The GatewayClass spec.controllerName isobar serves: Gateways of such classes, and the routes attached to them.',
      format: String,
      default: 'isobar.io/gateway-controller',
      env: 'ISOBAR_GATEWAY_CONTROLLER',
    },
    fleets: {
      doc: "Give each Gateway an Envoy fleet of its own (Envoys whose bootstrap names the fleet gateway/<namespace>/<name>), so listeners of different Gateways never share an Envoy. Off: every Gateway's listeners are on the one Envoy (standalone), and ports taken by another Gateway or by the config's listeners are a listener conflict.",
      format: 'strict-boolean',
      default: false,
      env: 'ISOBAR_GATEWAY_FLEETS',
    },
    envoyImage: { doc: "With fleets: the Envoy image of each Gateway's Deployment.", format: String, default: 'docker.io/envoyproxy/envoy:v1.40.0', env: 'ISOBAR_GATEWAY_ENVOY_IMAGE' },
    bootstrapImage: { doc: "With fleets: the isobar image whose `isobar bootstrap` writes each Gateway Envoy's bootstrap (an init container).", format: String, default: 'ghcr.io/isobar-proxy/isobar:0.1.0', env: 'ISOBAR_GATEWAY_BOOTSTRAP_IMAGE' },
    replicas: { doc: "With fleets: Envoy replicas per Gateway.", format: 'strict-nat', default: 1, env: 'ISOBAR_GATEWAY_REPLICAS' },
    serviceType: { doc: "With fleets: the type of each Gateway's Service (its address goes into the Gateway's status).", format: ['LoadBalancer', 'NodePort', 'ClusterIP'], default: 'LoadBalancer', env: 'ISOBAR_GATEWAY_SERVICE_TYPE' },
    xdsAddress: { doc: "With fleets: where a Gateway's Envoys reach isobar's xDS server (the isobar Service).", format: String, default: 'isobar.isobar-system.svc', env: 'ISOBAR_GATEWAY_XDS_ADDRESS' },
    xdsPort: { doc: "With fleets: the port of isobar's xDS server.", format: 'strict-port', default: 8001, env: 'ISOBAR_GATEWAY_XDS_PORT' },
    xdsClientSecret: {
      doc: "With fleets: namespace/name of the Secret with the xDS client certificate (ca.crt, tls.crt, tls.key), copied into each Gateway's namespace for its Envoys; '' connects without TLS (only when xds.tls is off).",
      format: String,
      default: 'isobar-system/isobar-xds-client',
      env: 'ISOBAR_GATEWAY_XDS_CLIENT_SECRET',
    },
    xdsServerName: { doc: "With fleets and xDS TLS: the name isobar's xDS certificate carries.", format: String, default: 'isobar', env: 'ISOBAR_GATEWAY_XDS_SERVER_NAME' },
    privilegedPortOffset: {
      doc: 'Added to Gateway listener ports below 1024 for the port Envoy binds (e.g. 10000: port 80 is bound as 10080), so Envoy need not run as root; the Service in front maps the port back.',
      format: 'strict-nat',
      default: 0,
      env: 'ISOBAR_GATEWAY_PORT_OFFSET',
    },
  },
  tenancy: {
    hostOwnership: {
      doc: "'namespace': a host belongs to the namespace that claimed it first (oldest Ingress rule or TLS host, or root IngressRoute fqdn); other namespaces' rules for it get HostConflict and are not served (delegation is the way to share). 'shared': Ingresses of every namespace merge on a host, as plain Kubernetes does; equivalent paths still conflict.",
      format: ['namespace', 'shared'],
      default: 'namespace',
      env: 'ISOBAR_HOST_OWNERSHIP',
    },
  },
  sourceK8s: {
    kubeconfig: { doc: "Kubeconfig file; '' uses the pod's service account when in a cluster, else $KUBECONFIG or ~/.kube/config.", format: String, default: '', env: 'ISOBAR_KUBECONFIG' },
    context: { doc: "Kubeconfig context ('' : the current one).", format: String, default: '', env: 'ISOBAR_KUBE_CONTEXT' },
    inCluster: { doc: "Use the pod's service account (as `isobar serve --incluster`).", format: 'strict-boolean', default: false, env: 'ISOBAR_IN_CLUSTER' },
    watchNamespaces: {
      doc: 'Namespaces to watch (Ingress, Service, EndpointSlice, Secret, IngressRoute); empty watches the whole cluster. A per-tenant controller lists its tenant\'s namespaces here and needs only Roles there.',
      format: 'strict-list',
      default: [],
      env: 'ISOBAR_WATCH_NAMESPACES',
    },
    ingressClasses: { doc: 'Watch IngressClass objects (cluster-scoped; needs a ClusterRole to list them).', format: 'strict-boolean', default: true, env: 'ISOBAR_WATCH_INGRESS_CLASSES' },
    pageSize: { doc: 'Objects per page when listing.', format: 'strict-nat', default: 500, env: 'ISOBAR_KUBE_PAGE_SIZE' },
    statusService: {
      doc: "namespace/name of the Service in front of Envoy; its load balancer address is written to Ingress status. '' with statusAddress '' writes none.",
      format: String,
      default: '',
      env: 'ISOBAR_STATUS_SERVICE',
    },
    statusAddress: { doc: 'Address (IP or host name) written to Ingress status.loadBalancer; wins over statusService.', format: String, default: '', env: 'ISOBAR_STATUS_ADDRESS' },
    writeStatus: { doc: 'Write IngressRoute and Ingress status back to the API (leader only).', format: 'strict-boolean', default: true, env: 'ISOBAR_WRITE_STATUS' },
  },
  leaderElection: {
    enabled: { doc: 'Elect a leader through a coordination.k8s.io Lease; only the leader writes status (every replica serves xDS).', format: 'strict-boolean', default: true, env: 'ISOBAR_LEADER_ELECTION' },
    namespace: { doc: "Namespace of the Lease ('' : the pod's namespace, else default).", format: String, default: '', env: 'ISOBAR_LEADER_NAMESPACE' },
    leaseName: { doc: 'Name of the Lease.', format: String, default: 'isobar-leader', env: 'ISOBAR_LEADER_LEASE' },
    identity: { doc: "This replica's identity in the Lease ('' : $POD_NAME, else host name and pid).", format: String, default: '', env: 'ISOBAR_LEADER_IDENTITY' },
    leaseDurationSeconds: { doc: 'How long a lease holds without renewal.', format: 'strict-nat', default: 15, env: 'ISOBAR_LEASE_DURATION' },
    renewDeadlineSeconds: { doc: 'The leader steps down if it cannot renew within this.', format: 'strict-nat', default: 10, env: 'ISOBAR_RENEW_DEADLINE' },
    retryPeriodSeconds: { doc: 'How often to try to acquire or renew.', format: 'strict-nat', default: 2, env: 'ISOBAR_RETRY_PERIOD' },
  },
  sourceFile: {
    directory: { doc: 'Directory of Kubernetes YAML files to watch (recursive).', format: String, default: 'examples', env: 'ISOBAR_SOURCE_DIR' },
    maxFileBytes: {
      doc: "Largest file the file source reads, in bytes; a larger file is refused by its size before it is read (its last good version stays served). Default 3 MiB, the API server's request limit.",
      format: 'strict-nat',
      default: 3 * 1024 * 1024,
      env: 'ISOBAR_SOURCE_MAX_FILE_BYTES',
    },
    rescanSeconds: {
      doc: 'How often the file source lists the whole tree anyway, for file events the kernel or the filesystem lost (0: only after bursts and faults).',
      format: 'strict-nat',
      default: 60,
      env: 'ISOBAR_SOURCE_RESCAN_SECONDS',
    },
  },
  xds: {
    address: { doc: 'Address the xDS gRPC server listens on.', format: String, default: '127.0.0.1', env: 'ISOBAR_XDS_ADDRESS' },
    port: { doc: 'Port of the xDS gRPC server (0 picks a free port).', format: 'strict-port-or-zero', default: 8001, env: 'ISOBAR_XDS_PORT' },
    configSource: {
      doc: "How listeners and clusters refer to routes, endpoints and secrets. 'ads': over the client's ADS stream (Envoy with ADS or delta ADS, proxyless gRPC). 'grpc': per-type streams to the bootstrap's 'isobar' cluster (Envoy with per-type lds_config/cds_config, e.g. `isobar bootstrap --xds-mode per-type`; also works for ADS Envoys, not for proxyless gRPC).",
      format: ['ads', 'grpc'],
      default: 'ads',
      env: 'ISOBAR_XDS_CONFIG_SOURCE',
    },
    proxylessGrpc: {
      doc: 'Also serve proxyless gRPC clients (xds:///host): an API listener and a grpc/<host> route configuration per host, built on every change (a third of the build time at 10k hosts), so off unless needed.',
      format: 'strict-boolean',
      default: false,
      env: 'ISOBAR_XDS_PROXYLESS_GRPC',
    },
    // Mutual TLS for the xDS server (e.g. from `isobar certgen`). xDS carries the private keys of every TLS
    // Secret isobar serves, so in a cluster only clients with a certificate from this CA should connect.
    // The files are read when the server starts (a restart picks up new ones).
    tls: {
      caFile: {
        doc: "PEM CA certificate(s) that xDS clients' certificates must be signed by. With certFile and keyFile set, the xDS server speaks TLS and refuses clients without such a certificate; all three '' means plaintext.",
        format: String,
        default: '',
        env: 'ISOBAR_XDS_TLS_CA',
      },
      certFile: { doc: "PEM certificate (chain) the xDS server presents ('' : plaintext).", format: String, default: '', env: 'ISOBAR_XDS_TLS_CERT' },
      keyFile: { doc: "PEM private key of certFile ('' : plaintext).", format: String, default: '', env: 'ISOBAR_XDS_TLS_KEY' },
    },
  },
  standalone: {
    envoyBin: { doc: 'Envoy binary for standalone mode (else $ENVOY_BIN, then PATH).', format: String, default: '', env: 'ENVOY_BIN' },
    envoyAdminPort: { doc: "Port of Envoy's admin interface (always bound to 127.0.0.1).", format: 'strict-port', default: 9901, env: 'ISOBAR_ENVOY_ADMIN_PORT' },
    nodeId: { doc: 'Envoy node id.', format: String, default: 'isobar-standalone', env: 'ISOBAR_NODE_ID' },
    nodeCluster: { doc: 'Envoy node cluster.', format: String, default: 'isobar', env: 'ISOBAR_NODE_CLUSTER' },
    drainSeconds: {
      doc: 'On SIGTERM/SIGINT, the longest Envoy drains: /ready answers 503, responses carry "connection: close", and Envoy stops once no downstream connection is left or this time is over.',
      format: 'strict-nat',
      default: 5,
      env: 'ISOBAR_DRAIN_SECONDS',
    },
    drainStrategy: {
      doc: "Envoy's --drain-strategy while draining: 'immediate' closes every connection after its current response; 'gradual' closes a share of them that grows over the drain time.",
      format: ['immediate', 'gradual'],
      default: 'immediate',
      env: 'ISOBAR_DRAIN_STRATEGY',
    },
  },
  sinkStatic: {
    mode: {
      doc: "How the sink-static plugin hands config to Envoy. 'files': lds.json and cds.json (plus bootstrap.json for Envoy) in sinkStatic.directory, replaced atomically on every change; Envoy reloads them without a restart.",
      format: ['files'],
      default: 'files',
      env: 'ISOBAR_SINK_STATIC_MODE',
    },
    directory: { doc: 'Directory sink-static writes its files to (created if missing).', format: String, default: 'envoy-config', env: 'ISOBAR_SINK_STATIC_DIR' },
    envoyAdminPort: { doc: "Port of Envoy's admin interface in the written bootstrap (always 127.0.0.1; 0: Envoy picks one).", format: 'strict-port-or-zero', default: 9901, env: 'ISOBAR_SINK_STATIC_ADMIN_PORT' },
    nodeId: { doc: 'Envoy node id in the written bootstrap.', format: String, default: 'isobar-files', env: 'ISOBAR_SINK_STATIC_NODE_ID' },
    nodeCluster: { doc: 'Envoy node cluster in the written bootstrap.', format: String, default: 'isobar', env: 'ISOBAR_SINK_STATIC_NODE_CLUSTER' },
  },
  shutdown: {
    timeoutMs: { doc: 'How long each component may take to stop.', format: 'strict-nat', default: 10000, env: 'ISOBAR_SHUTDOWN_TIMEOUT_MS' },
  },
} as const;

/** The loaded config, typed. */
export interface IsobarConfig {
  plugins: string[];
  log: { level: string; format: 'json' | 'pretty' | 'auto' };
  admin: { address: string; port: number };
  listeners: { http: { address: string; port: number }; https: { address: string; port: number; redirectPort: number } };
  upstream: { connectTimeoutMs: number };
  envoy: { accessLog: boolean; stats: { address: string; port: number; perHost: boolean } };
  engine: { debounceMs: number; maxDelayMs: number; checkEmitted: boolean; memoryReducer: boolean };
  ingress: { defaultNamespace: string; className: string; controllerName: string; handleUnclassed: boolean };
  ingressRoute: { rootNamespaces: string[] };
  gatewayApi: {
    controllerName: string;
    fleets: boolean;
    envoyImage: string;
    bootstrapImage: string;
    replicas: number;
    serviceType: 'LoadBalancer' | 'NodePort' | 'ClusterIP';
    xdsAddress: string;
    xdsPort: number;
    xdsClientSecret: string;
    xdsServerName: string;
    privilegedPortOffset: number;
  };
  tenancy: { hostOwnership: 'namespace' | 'shared' };
  sourceK8s: {
    kubeconfig: string;
    context: string;
    inCluster: boolean;
    watchNamespaces: string[];
    ingressClasses: boolean;
    pageSize: number;
    statusService: string;
    statusAddress: string;
    writeStatus: boolean;
  };
  leaderElection: {
    enabled: boolean;
    namespace: string;
    leaseName: string;
    identity: string;
    leaseDurationSeconds: number;
    renewDeadlineSeconds: number;
    retryPeriodSeconds: number;
  };
  sourceFile: { directory: string; maxFileBytes: number; rescanSeconds: number };
  xds: { address: string; port: number; configSource: 'ads' | 'grpc'; proxylessGrpc: boolean; tls: { caFile: string; certFile: string; keyFile: string } };
  standalone: { envoyBin: string; envoyAdminPort: number; nodeId: string; nodeCluster: string; drainSeconds: number; drainStrategy: 'immediate' | 'gradual' };
  sinkStatic: { mode: 'files'; directory: string; envoyAdminPort: number; nodeId: string; nodeCluster: string };
  shutdown: { timeoutMs: number };
}

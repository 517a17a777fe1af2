import type { OpenApiSchema } from '../../core/index.js';

/**
 * The IngressRoute CustomResourceDefinition, the one source of the kind's schema: the file source validates
 * IngressRoutes against it, and `npm run gen:crds` writes it to deploy/manifests/01-crd-ingressroute.yaml and
 * deploy/helm/isobar/crds/ingressroute.yaml (ingressroute-crd.test.ts checks that both are what it writes).
 *
 * The schema says what the API server can check (types, integer ranges, required fields, no unknown
 * fields, so a misspelt `enableWebsocket` is refused instead of dropped). What needs other objects or
 * judgement (does the Service exist, may this namespace hold a root, is the delegation sound, does `match`
 * start with "/", is the strategy one isobar knows) is the processor's, and shows up in
 * status.currentStatus / status.description.
 */
export const INGRESSROUTE_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: {
    name: 'ingressroutes.contour.heptio.com',
    labels: {
      'app.kubernetes.io/name': 'isobar',
      'app.kubernetes.io/part-of': 'isobar',
    },
  },
  spec: {
    group: 'contour.heptio.com',
    scope: 'Namespaced',
    names: {
      kind: 'IngressRoute',
      listKind: 'IngressRouteList',
      plural: 'ingressroutes',
      singular: 'ingressroute',
      shortNames: [
        'ingroute',
        'ir',
      ],
    },
    versions: [
      {
        name: 'v1beta1',
        served: true,
        storage: true,
        subresources: {
          status: {},
        },
        additionalPrinterColumns: [
          {
            name: 'FQDN',
            type: 'string',
            description: 'Fully qualified domain name of a root IngressRoute',
            jsonPath: '.spec.virtualhost.fqdn',
          },
          {
            name: 'TLS Secret',
            type: 'string',
            description: 'Secret holding the certificate of the virtual host',
            jsonPath: '.spec.virtualhost.tls.secretName',
          },
          {
            name: 'First route',
            type: 'string',
            description: 'Path prefix of the first route',
            jsonPath: '.spec.routes[0].match',
          },
          {
            name: 'Status',
            type: 'string',
            description: 'valid, invalid or orphaned, as isobar last judged it',
            jsonPath: '.status.currentStatus',
          },
          {
            name: 'Status Description',
            type: 'string',
            description: 'Why the IngressRoute has its status',
            jsonPath: '.status.description',
          },
          {
            name: 'Age',
            type: 'date',
            jsonPath: '.metadata.creationTimestamp',
          },
        ],
        schema: {
          openAPIV3Schema: {
            type: 'object',
            description: 'IngressRoute routes HTTP(S) and TCP traffic for one virtual host (a root, with spec.virtualhost) or for the path prefixes another IngressRoute delegates to it.',
            required: [
              'spec',
            ],
            properties: {
              apiVersion: {
                type: 'string',
                description: 'APIVersion defines the versioned schema of this representation of an object.',
              },
              kind: {
                type: 'string',
                description: 'Kind is a string value representing the REST resource this object represents.',
              },
              metadata: {
                type: 'object',
              },
              spec: {
                type: 'object',
                description: 'What to route, and where.',
                properties: {
                  virtualhost: {
                    type: 'object',
                    description: 'Makes this IngressRoute a root: it owns the host name. isobar can limit the namespaces roots may live in (ingressRoute.rootNamespaces). A host belongs to the namespace that claimed it first (tenancy.hostOwnership): a root on another namespace\'s host is invalid (HostConflict); two roots of one namespace claiming one fqdn are both invalid and neither serves it.',
                    required: [
                      'fqdn',
                    ],
                    properties: {
                      fqdn: {
                        type: 'string',
                        minLength: 1,
                        description: 'The fully qualified domain name (Host header, and SNI with TLS) this root serves.',
                      },
                      tls: {
                        type: 'object',
                        description: 'Serve the virtual host over TLS on the HTTPS listener.',
                        properties: {
                          secretName: {
                            type: 'string',
                            description: 'A Secret of type kubernetes.io/tls with the certificate and key, "name" in this namespace (served to Envoy over SDS).',
                          },
                          minimumProtocolVersion: {
                            type: 'string',
                            enum: [
                              '1.1',
                              '1.2',
                              '1.3',
                            ],
                            description: 'Lowest TLS version accepted from clients (default 1.2).',
                          },
                          passthrough: {
                            type: 'boolean',
                            description: 'Do not terminate TLS: pass the connection, chosen by SNI, to spec.tcpproxy (needs the tcp-proxy plugin).',
                          },
                        },
                      },
                    },
                  },
                  routes: {
                    type: 'array',
                    description: 'HTTP routes, matched by path prefix; the longest matching prefix wins.',
                    items: {
                      type: 'object',
                      required: [
                        'match',
                      ],
                      properties: {
                        match: {
                          type: 'string',
                          minLength: 1,
                          description: 'Path prefix this route matches; starts with "/". In a delegated IngressRoute it must stay inside the prefix delegated to it.',
                        },
                        services: {
                          type: 'array',
                          description: 'Services the matched requests go to, split by weight.',
                          items: {
                            type: 'object',
                            required: [
                              'name',
                              'port',
                            ],
                            properties: {
                              name: {
                                type: 'string',
                                minLength: 1,
                                description: 'Name of a Service in this IngressRoute\'s namespace.',
                              },
                              port: {
                                type: 'integer',
                                minimum: 1,
                                maximum: 65535,
                                description: 'Port of the Service (its port, not the target port).',
                              },
                              weight: {
                                type: 'integer',
                                minimum: 0,
                                description: 'Share of the route\'s traffic (load-balancing plugin); services without a weight share what the weighted ones leave.',
                              },
                              strategy: {
                                type: 'string',
                                description: 'Load-balancing strategy across the Service\'s endpoints (load-balancing plugin): RoundRobin (default), WeightedLeastRequest, Random, or Cookie (session affinity). Another value gets a warning and RoundRobin.',
                              },
                              healthCheck: {
                                type: 'object',
                                description: 'Active HTTP health check of the endpoints (health-check plugin).',
                                properties: {
                                  path: {
                                    type: 'string',
                                    description: 'Path requested; starts with "/". Without it no check is run.',
                                  },
                                  host: {
                                    type: 'string',
                                    description: 'Host header of the check (default contour-envoy-healthcheck).',
                                  },
                                  intervalSeconds: {
                                    type: 'integer',
                                    description: 'Seconds between checks (default 5).',
                                  },
                                  timeoutSeconds: {
                                    type: 'integer',
                                    description: 'Seconds to wait for an answer (default 2).',
                                  },
                                  unhealthyThresholdCount: {
                                    type: 'integer',
                                    minimum: 0,
                                    description: 'Failed checks before an endpoint is taken out (default 3).',
                                  },
                                  healthyThresholdCount: {
                                    type: 'integer',
                                    minimum: 0,
                                    description: 'Passed checks before an endpoint is put back (default 2).',
                                  },
                                },
                              },
                            },
                          },
                        },
                        delegate: {
                          type: 'object',
                          description: 'Hands this path prefix to another IngressRoute, whose routes must stay inside it. A route has services or a delegate.',
                          required: [
                            'name',
                          ],
                          properties: {
                            name: {
                              type: 'string',
                              minLength: 1,
                              description: 'Name of the IngressRoute delegated to.',
                            },
                            namespace: {
                              type: 'string',
                              description: 'Its namespace (default this IngressRoute\'s namespace).',
                            },
                          },
                        },
                        enableWebsockets: {
                          type: 'boolean',
                          description: 'Allow WebSocket upgrades on this route (websocket plugin).',
                        },
                        permitInsecure: {
                          type: 'boolean',
                          description: 'On a TLS virtual host, also serve this route over plain HTTP instead of redirecting to HTTPS.',
                        },
                        prefixRewrite: {
                          type: 'string',
                          description: 'Replace the matched prefix with this before the request goes upstream (prefix-rewrite plugin).',
                        },
                        timeoutPolicy: {
                          type: 'object',
                          description: 'Request timeout (timeout-retry plugin).',
                          properties: {
                            request: {
                              type: 'string',
                              description: 'Timeout of the whole request, a duration like "10s" or "250ms"; "infinity" disables it.',
                            },
                          },
                        },
                        retryPolicy: {
                          type: 'object',
                          description: 'Retries on 5xx, reset and connect failure (timeout-retry plugin).',
                          properties: {
                            count: {
                              type: 'integer',
                              minimum: 0,
                              description: 'Number of retries.',
                            },
                            perTryTimeout: {
                              type: 'string',
                              description: 'Timeout of each attempt, a duration like "1s".',
                            },
                          },
                        },
                      },
                    },
                  },
                  tcpproxy: {
                    type: 'object',
                    description: 'Proxy TCP instead of HTTP (tcp-proxy plugin): behind TLS termination, or with virtualhost.tls.passthrough the TLS connection itself, chosen by SNI.',
                    properties: {
                      services: {
                        type: 'array',
                        description: 'Services the connections go to, split by weight.',
                        items: {
                          type: 'object',
                          required: [
                            'name',
                            'port',
                          ],
                          properties: {
                            name: {
                              type: 'string',
                              minLength: 1,
                              description: 'Name of a Service in this IngressRoute\'s namespace.',
                            },
                            port: {
                              type: 'integer',
                              minimum: 1,
                              maximum: 65535,
                              description: 'Port of the Service (its port, not the target port).',
                            },
                            weight: {
                              type: 'integer',
                              minimum: 0,
                              description: 'Share of the connections (load-balancing plugin).',
                            },
                            strategy: {
                              type: 'string',
                              description: 'Load-balancing strategy across the Service\'s endpoints: RoundRobin (default), WeightedLeastRequest, Random, or Cookie.',
                            },
                            healthCheck: {
                              type: 'object',
                              description: 'Active HTTP health check of the endpoints (health-check plugin).',
                              properties: {
                                path: {
                                  type: 'string',
                                  description: 'Path requested; starts with "/". Without it no check is run.',
                                },
                                host: {
                                  type: 'string',
                                  description: 'Host header of the check (default contour-envoy-healthcheck).',
                                },
                                intervalSeconds: {
                                  type: 'integer',
                                  description: 'Seconds between checks (default 5).',
                                },
                                timeoutSeconds: {
                                  type: 'integer',
                                  description: 'Seconds to wait for an answer (default 2).',
                                },
                                unhealthyThresholdCount: {
                                  type: 'integer',
                                  minimum: 0,
                                  description: 'Failed checks before an endpoint is taken out (default 3).',
                                },
                                healthyThresholdCount: {
                                  type: 'integer',
                                  minimum: 0,
                                  description: 'Passed checks before an endpoint is put back (default 2).',
                                },
                              },
                            },
                          },
                        },
                      },
                      delegate: {
                        type: 'object',
                        description: 'Hands the TCP proxying of this virtual host to another IngressRoute\'s tcpproxy.',
                        required: [
                          'name',
                        ],
                        properties: {
                          name: {
                            type: 'string',
                            minLength: 1,
                            description: 'Name of the IngressRoute delegated to.',
                          },
                          namespace: {
                            type: 'string',
                            description: 'Its namespace (default this IngressRoute\'s namespace).',
                          },
                        },
                      },
                    },
                  },
                },
              },
              status: {
                type: 'object',
                description: 'Written by the isobar replica holding the leader Lease.',
                properties: {
                  currentStatus: {
                    type: 'string',
                    description: 'valid, invalid or orphaned (no root reaches it).',
                  },
                  description: {
                    type: 'string',
                    description: 'What is wrong, naming the field; or why the IngressRoute is valid.',
                  },
                },
              },
            },
          },
        },
      },
    ],
  },
} as const;

/** The schema of contour.heptio.com/v1beta1, as the CRD declares it. */
export const INGRESSROUTE_SCHEMA = INGRESSROUTE_CRD.spec.versions[0].schema.openAPIV3Schema as unknown as OpenApiSchema;

/**
 * What the fuzzer mutates: the project's own objects (the seed articles' YAML under examples/, and the
 * test fixtures' builders), plus one of each shape the examples lack (Ingress v1 with TLS and every path
 * type, a capture rewrite, an IngressRoute with TLS, weights, retries and timeouts, a TLS Secret).
 * Services and Secrets they refer to are given by stormSupportYaml, so an unmutated copy is valid and a
 * refusal is the mutation's doing, not a missing backend's.
 */
import { parseAllDocuments } from 'yaml';
import { endpoints, ingressV1, service, tlsSecret } from '../fixtures/objects.js';
import { exampleFile, serviceYaml, tlsSecretYaml } from '../e2e/harness/k8s-yaml.js';
import type { Tree } from './tree-walk.js';

export const SUPPORT_SECRET = 'storm-cert';

const EXAMPLES = [
  'k8s/default/basic-ingress.yaml',
  'k8s/default/s1.yaml',
  'k8s/sealyun/fist-ingress.yaml',
  'k8s/sealyun/terminal-ingress.yaml',
  'k8s/sealyun/services.yaml',
  'crd/basic-ingressroute.yaml',
];

export function seedObjects(cert: { certPem: string; keyPem: string }): Tree[] {
  const fromExamples = EXAMPLES.flatMap((f) => parseAllDocuments(exampleFile(f)).map((d) => d.toJS() as Tree));
  const backend = (name: string, port: number) => ({ service: { name, port: { number: port } } });
  const built = [
    ingressV1('x', 'shop', {
      tls: [{ hosts: ['shop.example.com'], secretName: SUPPORT_SECRET }],
      rules: [
        {
          host: 'shop.example.com',
          http: {
            paths: [
              { path: '/login', pathType: 'Prefix', backend: backend('web', 80) },
              { path: '/exact', pathType: 'Exact', backend: backend('web', 80) },
              { path: '/api', pathType: 'ImplementationSpecific', backend: backend('s1', 80) },
            ],
          },
        },
      ],
    }, { 'ingress.kubernetes.io/force-ssl-redirect': 'true', description: 'a tenant shop' }),
    ingressV1('x', 'capture', {
      rules: [{ host: 'capture.example.com', http: { paths: [{ path: '/app/(.*)', pathType: 'ImplementationSpecific', backend: backend('web', 80) }] } }],
    }, { 'nginx.ingress.kubernetes.io/rewrite-target': '/$1' }),
    ingressV1('x', 'wild', {
      defaultBackend: backend('s1', 80),
      rules: [{ host: '*.wild.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'fist', port: { name: 'http' } } } }] } }],
    }),
    {
      apiVersion: 'contour.heptio.com/v1beta1',
      kind: 'IngressRoute',
      metadata: { name: 'secure', namespace: 'x' },
      spec: {
        virtualhost: { fqdn: 'secure.example.com', tls: { secretName: SUPPORT_SECRET, minimumProtocolVersion: '1.2' } },
        routes: [
          {
            match: '/',
            services: [{ name: 'web', port: 80, weight: 90 }, { name: 's1', port: 80, weight: 10, strategy: 'RoundRobin' }],
            retryPolicy: { count: 2, perTryTimeout: '1s' },
            timeoutPolicy: { request: '5s' },
          },
          { match: '/login', prefixRewrite: '/', permitInsecure: true, services: [{ name: 'web', port: 80 }] },
        ],
      },
    },
    ...gatewayApiSeeds(),
    service('x', 'web', [{ name: 'http', port: 80 }]),
    endpoints('x', 'web', '127.0.0.1', [{ name: 'http', port: 9 }]),
    tlsSecret('x', 'cert', cert.certPem, cert.keyPem),
  ];
  return [...fromExamples, ...(built as unknown as Tree[])];
}

/** A Gateway of the support class with HTTP, HTTPS and TLS listeners, and one route of each kind on it. */
function gatewayApiSeeds(): unknown[] {
  const v1 = 'gateway.networking.k8s.io/v1';
  const parentRefs = [{ name: 'storm-gw' }];
  return [
    {
      apiVersion: v1,
      kind: 'Gateway',
      metadata: { name: 'storm-gw', namespace: 'x' },
      spec: {
        gatewayClassName: 'isobar',
        listeners: [
          { name: 'http', port: 18090, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
          { name: 'https', port: 18091, protocol: 'HTTPS', hostname: '*.example.com', tls: { certificateRefs: [{ name: SUPPORT_SECRET }] } },
          { name: 'tls', port: 18092, protocol: 'TLS', tls: { mode: 'Passthrough' } },
        ],
      },
    },
    {
      apiVersion: v1,
      kind: 'HTTPRoute',
      metadata: { name: 'storm-http', namespace: 'x' },
      spec: {
        parentRefs,
        hostnames: ['gw.example.com'],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/api' }, headers: [{ name: 'x-v', value: '2' }], queryParams: [{ type: 'RegularExpression', name: 'q', value: '[a-z]+' }], method: 'GET' }],
            filters: [
              { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-a', value: 'b' }], remove: ['x-c'] } },
              { type: 'URLRewrite', urlRewrite: { hostname: 'in.example.com', path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/v2' } } },
              { type: 'RequestMirror', requestMirror: { backendRef: { name: 's1', port: 80 }, percent: 10 } },
            ],
            backendRefs: [{ name: 'web', port: 80, weight: 3 }, { name: 's1', port: 80, weight: 1 }],
            timeouts: { request: '5s', backendRequest: '2s' },
          },
          { matches: [{ path: { type: 'Exact', value: '/old' } }], filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] },
        ],
      },
    },
    {
      apiVersion: v1,
      kind: 'GRPCRoute',
      metadata: { name: 'storm-grpc', namespace: 'x' },
      spec: { parentRefs, hostnames: ['grpc.example.com'], rules: [{ matches: [{ method: { service: 'pkg.Svc', method: 'Get' } }], backendRefs: [{ name: 'web', port: 80 }] }] },
    },
    {
      apiVersion: v1,
      kind: 'TLSRoute',
      metadata: { name: 'storm-tls', namespace: 'x' },
      spec: { parentRefs: [{ name: 'storm-gw', sectionName: 'tls' }], hostnames: ['pass.example.com'], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] },
    },
  ];
}

/** The Services (every one a seed object names, all sent to `backendPort`) and the TLS Secret, for one namespace. */
export function stormSupportYaml(namespace: string, backendPort: number, cert: { certPem: string; keyPem: string }): string {
  return [
    serviceYaml(namespace, 's1', 80, backendPort),
    serviceYaml(namespace, 'web', 80, backendPort),
    serviceYaml(namespace, 'fist-terminal', 8080, backendPort),
    serviceYaml(namespace, 'fist', 8080, backendPort, 'http'),
    tlsSecretYaml(namespace, SUPPORT_SECRET, cert.certPem, cert.keyPem),
  ].join('---\n');
}

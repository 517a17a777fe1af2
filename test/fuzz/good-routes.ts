/**
 * The 20 good routes a storm must never disturb, seed-000 style: six tenants that each have `/login` (and
 * `/api`) on their own host, the seed articles' Ingresses verbatim (rewrite-target `/token`, `/terminal`,
 * `/heartbeat`, `foo-basic.bar.com`), an IngressRoute with TLS, a wildcard host and a TLS Ingress. Each
 * route has its own backend, so a misrouted request is seen by who answers it.
 */
import { createTestPki } from '../e2e/harness/certs.js';
import { startEchoBackend, type EchoBackend } from '../e2e/harness/echo-backend.js';
import { exampleFile, serviceYaml, tlsSecretYaml } from '../e2e/harness/k8s-yaml.js';
import type { GoodClaim } from './mutations.js';

export interface Probe {
  host: string;
  path: string;
  tls: boolean;
  backend: string;
  /** The path the backend must see (after rewrites), when it differs from `path`. */
  upstreamPath?: string;
}

export interface GoodRoutes {
  files: Record<string, string>;
  probes: Probe[];
  claims: GoodClaim[];
  ca: string;
  /** The certificate storm namespaces' Secrets use (any valid pair does). */
  cert: { certPem: string; keyPem: string };
  backends: EchoBackend[];
  /** A Service for the good changes made during a storm (namespace `fresh`, backend `fresh`). */
  fresh: EchoBackend;
  close(): Promise<void>;
}

export const TENANTS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot'];

const v1Ingress = (ns: string, name: string, host: string, paths: Array<[string, string, string]>, tls?: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: ${name}, namespace: ${ns} }
spec:${tls ? `\n  tls: [{ hosts: [${host}], secretName: ${tls} }]` : ''}
  rules:
  - host: "${host}"
    http:
      paths:
${paths.map(([path, type, svc]) => `      - { path: ${path}, pathType: ${type}, backend: { service: { name: ${svc}, port: { number: 80 } } } }`).join('\n')}
`;

/** A good Ingress for host `fresh-<n>.example.com`, to be written during a storm. */
export function freshIngress(n: number): { name: string; host: string; text: string } {
  const host = `fresh-${n}.example.com`;
  return { name: `fresh/fresh-${n}.yaml`, host, text: v1Ingress('fresh', `fresh-${n}`, host, [['/', 'Prefix', 'fresh']]) };
}

export async function goodRoutes(): Promise<GoodRoutes> {
  const { ca, server } = createTestPki(['secure.example.com', 'tls.example.com']);
  const names = [...TENANTS.flatMap((t) => [`${t}-login`, `${t}-api`]), 'fist', 'fist-terminal', 's1', 'secure-web', 'secure-login', 'wild-login', 'tls-app', 'fresh'];
  const backends = await Promise.all(names.map((n) => startEchoBackend(n)));
  const port = (name: string) => backends.find((b) => b.name === name)!.port;
  const files: Record<string, string> = {};
  const probes: Probe[] = [];
  const claims: GoodClaim[] = [];

  for (const t of TENANTS) {
    const host = `${t}.example.com`;
    files[`${t}/services.yaml`] = [serviceYaml(t, 'login', 80, port(`${t}-login`)), serviceYaml(t, 'api', 80, port(`${t}-api`))].join('---\n');
    files[`${t}/ingress.yaml`] = v1Ingress(t, 'site', host, [['/login', 'Prefix', 'login'], ['/api', 'ImplementationSpecific', 'api']]);
    probes.push({ host, path: '/login', tls: false, backend: `${t}-login` }, { host, path: '/api/v1?q=1', tls: false, backend: `${t}-api` });
    claims.push({ host, path: '/login', pathType: 'Prefix' }, { host, path: '/api', pathType: 'ImplementationSpecific' });
  }

  // Seed 000 as the article prints it (namespace sealyun, no host, rewrite-target /token).
  files['sealyun/fist-ingress.yaml'] = exampleFile('k8s/sealyun/fist-ingress.yaml');
  files['sealyun/terminal-ingress.yaml'] = exampleFile('k8s/sealyun/terminal-ingress.yaml');
  files['sealyun/services.yaml'] = [serviceYaml('sealyun', 'fist', 8080, port('fist'), 'http'), serviceYaml('sealyun', 'fist-terminal', 8080, port('fist-terminal'))].join('---\n');
  probes.push(
    { host: 'any.sealyun.test', path: '/token?user=fanux&group=sealyun', tls: false, backend: 'fist', upstreamPath: '/token?user=fanux&group=sealyun' },
    { host: 'any.sealyun.test', path: '/terminal', tls: false, backend: 'fist-terminal' },
    { host: 'any.sealyun.test', path: '/heartbeat', tls: false, backend: 'fist-terminal' },
  );
  claims.push({ host: '', path: '/token', pathType: 'ImplementationSpecific' }, { host: '', path: '/terminal', pathType: 'ImplementationSpecific' });

  // Seed 001's host-based Ingress (default namespace).
  files['default/basic-ingress.yaml'] = exampleFile('k8s/default/basic-ingress.yaml');
  files['default/s1.yaml'] = serviceYaml('default', 's1', 80, port('s1'));
  probes.push({ host: 'foo-basic.bar.com', path: '/anything', tls: false, backend: 's1' });
  claims.push({ host: 'foo-basic.bar.com', path: '/', pathType: 'ImplementationSpecific' });

  // An IngressRoute with TLS, two routes; a TLS Ingress; a wildcard host.
  const secret = tlsSecretYaml('secure', 'secure-cert', server.certPem, server.keyPem);
  files['secure/services.yaml'] = [serviceYaml('secure', 'web', 80, port('secure-web')), serviceYaml('secure', 'login', 80, port('secure-login')), secret].join('---\n');
  files['secure/route.yaml'] = `apiVersion: contour.heptio.com/v1beta1
kind: IngressRoute
metadata: { name: secure, namespace: secure }
spec:
  virtualhost: { fqdn: secure.example.com, tls: { secretName: secure-cert } }
  routes:
  - match: /
    services: [{ name: web, port: 80 }]
  - match: /login
    services: [{ name: login, port: 80 }]
`;
  probes.push({ host: 'secure.example.com', path: '/', tls: true, backend: 'secure-web' }, { host: 'secure.example.com', path: '/login', tls: true, backend: 'secure-login' });
  claims.push({ host: 'secure.example.com', path: '/', pathType: 'Prefix' }, { host: 'secure.example.com', path: '/login', pathType: 'Prefix' });
  files['edge/services.yaml'] = [serviceYaml('edge', 'wild', 80, port('wild-login')), serviceYaml('edge', 'app', 80, port('tls-app')), tlsSecretYaml('edge', 'tls-cert', server.certPem, server.keyPem)].join('---\n');
  files['edge/wild.yaml'] = v1Ingress('edge', 'wild', '*.wild.example.com', [['/login', 'Prefix', 'wild']]);
  files['edge/tls.yaml'] = v1Ingress('edge', 'tls', 'tls.example.com', [['/', 'Prefix', 'app']], 'tls-cert');
  probes.push({ host: 'x.wild.example.com', path: '/login', tls: false, backend: 'wild-login' }, { host: 'tls.example.com', path: '/', tls: true, backend: 'tls-app' });
  claims.push({ host: '*.wild.example.com', path: '/login', pathType: 'Prefix' }, { host: 'tls.example.com', path: '/', pathType: 'Prefix' });

  files['fresh/services.yaml'] = serviceYaml('fresh', 'fresh', 80, port('fresh'));
  return {
    files,
    probes,
    claims,
    ca: ca.certPem,
    cert: server,
    backends,
    fresh: backends.find((b) => b.name === 'fresh')!,
    close: () => Promise.all(backends.map((b) => b.close())).then(() => undefined),
  };
}

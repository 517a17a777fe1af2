import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A Service with one port and the Endpoints that send it to a backend on 127.0.0.1. */
export function serviceYaml(namespace: string, name: string, port: number, backendPort: number, portName?: string): string {
  const named = portName ? `name: ${portName}, ` : '';
  return `apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  ports: [{ ${named}port: ${port} }]
---
apiVersion: v1
kind: Endpoints
metadata: { name: ${name}, namespace: ${namespace} }
subsets:
- addresses: [{ ip: 127.0.0.1 }]
  ports: [{ ${named}port: ${backendPort} }]
`;
}

/** An Ingress (networking.k8s.io/v1) sending every path of `host` to port 80 of `service`. */
export function ingressYaml(namespace: string, name: string, host: string, service: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  rules:
  - host: ${host}
    http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: ${service}, port: { number: 80 } } } }] }
`;
}

export function tlsSecretYaml(namespace: string, name: string, certPem: string, keyPem: string): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return `apiVersion: v1
kind: Secret
type: kubernetes.io/tls
metadata: { name: ${name}, namespace: ${namespace} }
data:
  tls.crt: ${b64(certPem)}
  tls.key: ${b64(keyPem)}
`;
}

/** A ConfigMap holding PEM CA certificates under `ca.crt` (what BackendTLSPolicy and Gateway client validation name). */
export function caConfigMapYaml(namespace: string, name: string, pem: string): string {
  return `apiVersion: v1
kind: ConfigMap
metadata: { name: ${name}, namespace: ${namespace} }
data:
  ca.crt: |
${pem.trim().split('\n').map((l) => `    ${l}`).join('\n')}
`;
}

/** A file of the repo's examples/ (the seed articles' YAML, verbatim). */
export function exampleFile(relative: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'examples', relative))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`examples/${relative} not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return readFileSync(join(dir, 'examples', relative), 'utf8');
}

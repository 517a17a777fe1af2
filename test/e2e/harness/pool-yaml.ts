/**
 * A Service with one port whose Endpoints list several backends on 127.0.0.1 (one subset per backend
 * port, as Kubernetes allows): one Envoy cluster with several endpoints, where a load balancer or a
 * health check has a choice to make.
 */
export function poolServiceYaml(namespace: string, name: string, port: number, backendPorts: number[]): string {
  const subsets = backendPorts.map((p) => `- addresses: [{ ip: 127.0.0.1 }]\n  ports: [{ port: ${p} }]`).join('\n');
  return `apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  ports: [{ port: ${port} }]
---
apiVersion: v1
kind: Endpoints
metadata: { name: ${name}, namespace: ${namespace} }
subsets:
${subsets}
`;
}

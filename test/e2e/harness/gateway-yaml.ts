/** Gateway API YAML for the e2e tests: the class isobar serves, and a Gateway of it. */

/** The GatewayClass `isobar` of isobar's controller. */
export const GATEWAY_CLASS_YAML = `apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: { name: isobar }
spec: { controllerName: isobar.io/gateway-controller }
`;

/** The class and a Gateway `namespace/name` of it; `listeners` is the YAML list of its listeners, one per line. */
export function gatewayYaml(namespace: string, name: string, listeners: readonly string[]): string {
  return `${GATEWAY_CLASS_YAML}---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  gatewayClassName: isobar
  listeners:
${listeners.map((l) => `  - ${l}`).join('\n')}
`;
}

/** A route of `kind` attached to Gateway `gw` (same namespace) for `hostnames`; `rules` is its YAML rules list as written under `rules:`. */
export function routeYaml(kind: 'HTTPRoute' | 'GRPCRoute', namespace: string, name: string, hostnames: readonly string[], rules: string): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: ${kind}
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  parentRefs: [{ name: gw }]
  hostnames: [${hostnames.join(', ')}]
  rules:
${rules.trimEnd()}
`;
}

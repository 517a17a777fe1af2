import type { DagCluster, NodeOrigin, UpstreamTlsChoice } from '../dag/dag-types.js';
import type { Dag } from '../dag/dag.js';
import type { Service, ServiceBackendPort, ServicePort } from '../model/kinds.js';
import type { StoreReader } from '../store/object-store.js';

export type BackendResult = { cluster: DagCluster } | { reason: string; problem: string };

/**
 * A service name and port (number or name) in a namespace, as the DAG cluster that reaches it. `tlsFor`:
 * whether to speak TLS to the port found (its cluster is then a TLS variant of its own), or a reason the
 * port must not be used at all (reason `UpstreamTlsRefused`).
 */
export function resolveBackend(
  dag: Dag,
  store: StoreReader,
  namespace: string,
  name: string,
  port: ServiceBackendPort,
  origin?: NodeOrigin,
  http2 = false,
  tlsFor?: (port: ServicePort) => UpstreamTlsChoice,
): BackendResult {
  const svc = store.get<Service>('Service', namespace, name)?.object;
  if (!svc) return { reason: 'ServiceNotFound', problem: `Service ${namespace}/${name} not found` };
  const ports = svc.spec?.ports ?? [];
  const match = port.name !== undefined ? ports.find((p) => p.name === port.name) : ports.find((p) => p.port === port.number);
  if (!match) {
    const wanted = port.name !== undefined ? `named "${port.name}"` : `${port.number}`;
    const have = ports.map((p) => (p.name ? `${p.name}:${p.port}` : `${p.port}`)).join(', ') || 'none';
    return { reason: 'ServicePortNotFound', problem: `Service ${namespace}/${name} has no port ${wanted} (ports: ${have})` };
  }
  if (match.protocol && match.protocol !== 'TCP') {
    return { reason: 'ServicePortUnsupported', problem: `Service ${namespace}/${name} port ${match.port} is ${match.protocol}; only TCP can be proxied` };
  }
  const external = svc.spec?.type === 'ExternalName' ? svc.spec.externalName : undefined;
  if (svc.spec?.type === 'ExternalName' && !external) {
    return { reason: 'ServiceInvalid', problem: `Service ${namespace}/${name} is ExternalName without spec.externalName` };
  }
  const tls = tlsFor?.(match);
  if (tls && 'refuse' in tls) return { reason: 'UpstreamTlsRefused', problem: tls.refuse };
  return { cluster: dag.cluster({ kind: 'Service', namespace, name }, match, external, origin, http2, tls?.tls) };
}

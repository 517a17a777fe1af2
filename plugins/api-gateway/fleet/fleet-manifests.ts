import type { IsobarConfig } from '../../../core/index.js';
import { fleetLabel, fleetObjectName } from './fleet-names.js';
import type { FleetIntent } from './fleet-intents.js';

type Manifest = Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string; namespace: string } };
type Settings = IsobarConfig['gatewayApi'];

const ADMIN_PORT = 9901;

/** The Gateway's infrastructure labels, then isobar's own (which a Gateway cannot change: the selectors use them). */
function labels(i: FleetIntent): Record<string, string> {
  return {
    ...i.infrastructure.labels,
    'app.kubernetes.io/name': 'isobar-gateway',
    'app.kubernetes.io/managed-by': 'isobar',
    'gateway.networking.k8s.io/gateway-name': i.gateway.name,
    'isobar.io/gateway': fleetLabel(i.gateway.namespace, i.gateway.name),
  };
}

function annotations(i: FleetIntent): { annotations?: Record<string, string> } {
  return Object.keys(i.infrastructure.annotations).length > 0 ? { annotations: { ...i.infrastructure.annotations } } : {};
}

/** Owned by the Gateway: deleting it deletes these (Kubernetes' garbage collector). */
function metadata(i: FleetIntent, name: string): Manifest['metadata'] & Record<string, unknown> {
  return {
    name,
    namespace: i.gateway.namespace,
    labels: labels(i),
    ...annotations(i),
    ownerReferences: [{ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', name: i.gateway.name, uid: i.gateway.uid, controller: true, blockOwnerDeletion: true }],
  };
}

const RESTRICTED = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } };

/** Envoy's /ready from its admin port (on 127.0.0.1 only), with the bash the Envoy image has. */
const READY_PROBE = {
  exec: {
    command: ['/bin/bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${ADMIN_PORT} && printf 'GET /ready HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n' >&3 && IFS= read -r -t 2 status <&3 && [[ $status == 'HTTP/1.1 200'* ]]`],
  },
  periodSeconds: 2,
  timeoutSeconds: 3,
  failureThreshold: 3,
};

function bootstrapArgs(i: FleetIntent, s: Settings): string[] {
  const args = ['bootstrap', '/config/envoy.json', '--xds-address', s.xdsAddress, '--xds-port', String(s.xdsPort), '--admin-port', String(ADMIN_PORT), '--node-id', '$(POD_NAME)', '--fleet', i.fleet];
  if (s.xdsClientSecret) args.push('--xds-ca', '/certs/ca.crt', '--xds-cert', '/certs/tls.crt', '--xds-key', '/certs/tls.key', '--xds-server-name', s.xdsServerName);
  return args;
}

/** The Gateway's Envoy Deployment: an init container writes the bootstrap (its fleet in node metadata), Envoy runs it. */
export function fleetDeployment(i: FleetIntent, s: Settings): Manifest {
  const name = fleetObjectName(i.gateway.name);
  const certs = s.xdsClientSecret ? [{ name: 'xds-certs', mountPath: '/certs', readOnly: true }] : [];
  const podEnv = [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }];
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(i, name),
    spec: {
      replicas: s.replicas,
      selector: { matchLabels: { 'isobar.io/gateway': fleetLabel(i.gateway.namespace, i.gateway.name) } },
      template: {
        metadata: { labels: labels(i), ...annotations(i) },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
          initContainers: [
            { name: 'bootstrap', image: s.bootstrapImage, imagePullPolicy: 'IfNotPresent', args: bootstrapArgs(i, s), env: podEnv, volumeMounts: [{ name: 'config', mountPath: '/config' }], securityContext: RESTRICTED },
          ],
          containers: [
            {
              name: 'envoy',
              image: s.envoyImage,
              imagePullPolicy: 'IfNotPresent',
              command: ['envoy'],
              args: ['-c', '/config/envoy.json', '--service-cluster', i.fleet, '--service-node', '$(POD_NAME)', '--log-level', 'info', '--drain-time-s', '5', '--disable-hot-restart'],
              env: podEnv,
              ports: i.ports.map((p) => ({ name: `port-${p.port}`, containerPort: p.bindPort, protocol: 'TCP' })),
              readinessProbe: READY_PROBE,
              volumeMounts: [{ name: 'config', mountPath: '/config', readOnly: true }, ...certs],
              securityContext: RESTRICTED,
            },
          ],
          volumes: [{ name: 'config', emptyDir: {} }, ...(s.xdsClientSecret ? [{ name: 'xds-certs', secret: { secretName: name } }] : [])],
        },
      },
    },
  };
}

/** The Gateway's Service: one port per listener port, to the port Envoy binds. Its address is the Gateway's. */
export function fleetService(i: FleetIntent, s: Settings): Manifest {
  const name = fleetObjectName(i.gateway.name);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(i, name),
    spec: {
      type: s.serviceType,
      selector: { 'isobar.io/gateway': fleetLabel(i.gateway.namespace, i.gateway.name) },
      ports: i.ports.map((p) => ({ name: `port-${p.port}`, port: p.port, targetPort: p.bindPort, protocol: 'TCP' })),
    },
  };
}

/** The xDS client certificate, copied into the Gateway's namespace (a pod mounts Secrets of its own namespace only). */
export function fleetSecret(i: FleetIntent, data: Record<string, string>): Manifest {
  return { apiVersion: 'v1', kind: 'Secret', metadata: metadata(i, fleetObjectName(i.gateway.name)), type: 'Opaque', data };
}

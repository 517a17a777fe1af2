import { eventually, IMAGES, kubectl, kubectlJson, rolledOut, type NodeCluster } from './node-cluster.js';

/** An echo backend Deployment with a Service, an Ingress and a seed-style IngressRoute in front of it. */
export interface EchoApp {
  readonly namespace: string;
  readonly ingressHost: string;
  readonly ingressRouteHost: string;
  podNames(): Promise<string[]>;
  /** Scales the Deployment and waits until exactly `replicas` pods are ready and no other is left. */
  scale(replicas: number): Promise<void>;
}

export async function echoApp(cluster: NodeCluster, namespace: string, replicas: number, ingressClass = 'isobar'): Promise<EchoApp> {
  const ingressHost = `echo.${namespace}.test`;
  const ingressRouteHost = `route.${namespace}.test`;
  const labels = { app: 'echo' };
  const objects = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'echo', namespace },
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            terminationGracePeriodSeconds: 10,
            containers: [
              {
                name: 'echo',
                image: IMAGES.echo,
                imagePullPolicy: 'IfNotPresent',
                env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
                ports: [{ name: 'http', containerPort: 8080 }],
                readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 1 },
                // A backend that stops at once on SIGTERM needs the usual grace: Envoy stops sending to
                // it when its endpoint turns terminating, a few seconds before the signal.
                lifecycle: { preStop: { sleep: { seconds: 3 } } },
              },
            ],
          },
        },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'echo', namespace }, spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'echo', namespace },
      spec: {
        ingressClassName: ingressClass,
        rules: [{ host: ingressHost, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'echo', port: { number: 80 } } } }] } }],
      },
    },
    {
      apiVersion: 'contour.heptio.com/v1beta1',
      kind: 'IngressRoute',
      metadata: { name: 'echo-route', namespace, annotations: { 'kubernetes.io/ingress.class': ingressClass } },
      spec: { virtualhost: { fqdn: ingressRouteHost }, routes: [{ match: '/', services: [{ name: 'echo', port: 80 }] }] },
    },
  ];
  await kubectl(cluster, ['apply', '-f', '-'], objects.map((o) => JSON.stringify(o)).join('\n'));
  await rolledOut(cluster, namespace, 'echo');

  const pods = async (): Promise<Array<{ name: string; ready: boolean; deleting: boolean }>> => {
    const list = await kubectlJson<{ items: Array<{ metadata: { name: string; deletionTimestamp?: string }; status: { conditions?: Array<{ type: string; status: string }> } }> }>(cluster, ['-n', namespace, 'get', 'pods', '-l', 'app=echo']);
    return list.items.map((p) => ({
      name: p.metadata.name,
      ready: p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
      deleting: p.metadata.deletionTimestamp !== undefined,
    }));
  };
  return {
    namespace,
    ingressHost,
    ingressRouteHost,
    async podNames() {
      return (await pods()).filter((p) => !p.deleting).map((p) => p.name).sort();
    },
    async scale(n) {
      await kubectl(cluster, ['-n', namespace, 'scale', 'deployment/echo', `--replicas=${n}`]);
      await eventually(`${n} echo pods, all ready`, async () => {
        const all = await pods();
        return all.length === n && all.every((p) => p.ready && !p.deleting) ? true : undefined;
      });
    },
  };
}

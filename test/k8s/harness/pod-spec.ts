import type { ServicePort } from '../../../core/model/kinds.js';
import type { KubeObjectLike } from './kube-objects.js';

/** The parts of a container the deploy tests compare; everything else of it is kept as it is. */
export interface Container {
  name: string;
  image?: string;
  args?: string[];
  env?: unknown[];
  ports?: Array<{ name?: string; containerPort: number; protocol?: string }>;
  volumeMounts?: unknown[];
  [k: string]: unknown;
}

export type { ServicePort };

export interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  selector?: Record<string, string>;
  ports: ServicePort[];
  [k: string]: unknown;
}

export interface PodTemplate {
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { initContainers?: Container[]; containers: Container[] };
}

/** The single object of `kind` (and `name`, when given); a clear failure otherwise. */
export function only(objects: KubeObjectLike[], kind: string, name?: string): KubeObjectLike {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}: ${found.map((o) => o.metadata.name).join(', ')}`);
  return found[0]!;
}

export function podTemplate(deployment: KubeObjectLike): PodTemplate {
  return (deployment['spec'] as { template: PodTemplate }).template;
}

/** Init containers first, then the containers, by name. */
export function containersByName(deployment: KubeObjectLike): Map<string, Container> {
  const spec = podTemplate(deployment).spec;
  return new Map([...(spec.initContainers ?? []), ...spec.containers].map((c) => [c.name, c]));
}

export function container(deployment: KubeObjectLike, name: string): Container {
  const c = containersByName(deployment).get(name);
  if (!c) throw new Error(`Deployment ${deployment.metadata.name} has no container ${name}`);
  return c;
}

/** The value following `flag` on a command line, or undefined. */
export function flagValue(args: string[] | undefined, flag: string): string | undefined {
  const i = (args ?? []).indexOf(flag);
  return i < 0 ? undefined : args![i + 1];
}

export function serviceSpec(service: KubeObjectLike): ServiceSpec {
  return service['spec'] as ServiceSpec;
}

export function annotations(o: { metadata: object }): Record<string, string> {
  return ((o.metadata as { annotations?: Record<string, string> }).annotations ?? {});
}

/** The Services of `objects` whose labels carry every label of `selector` (a ServiceMonitor's selector.matchLabels). */
export function servicesMatching(objects: KubeObjectLike[], selector: Record<string, string>, namespaces: string[]): KubeObjectLike[] {
  return objects.filter((o) => {
    if (o.kind !== 'Service' || !namespaces.includes(o.metadata.namespace ?? '')) return false;
    const labels = (o.metadata['labels'] ?? {}) as Record<string, string>;
    return Object.entries(selector).every(([k, v]) => labels[k] === v);
  });
}

/** The container and its port that a Service port's targetPort reaches in the pod template (by name or number). */
export function targetOf(deployment: KubeObjectLike, port: ServicePort): { container: string; containerPort: number } | undefined {
  const target = port.targetPort ?? port.port;
  for (const c of podTemplate(deployment).spec.containers) {
    const p = c.ports?.find((x) => (typeof target === 'string' ? x.name === target : x.containerPort === target));
    if (p) return { container: c.name, containerPort: p.containerPort };
  }
  return undefined;
}

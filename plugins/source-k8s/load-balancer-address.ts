import { EventEmitter } from 'node:events';
import { isIP } from 'node:net';
import { IsobarError, loadBalancerEntry, SERVICE_KIND, type K8sObject, type LoadBalancerIngress, type Logger } from '../../core/index.js';
import type { KubeClient } from './kube-client.js';
import { Reflector, type ReflectorHandler } from './reflector.js';
import { watchedResource } from './resources.js';


export interface AddressSettings {
  statusAddress: string;
  /** "namespace/name" of the Service in front of Envoy. */
  statusService: string;
}

/** An address as a status entry: an IP as `ip`, anything else as `hostname`. */
export function addressEntry(address: string): LoadBalancerIngress {
  return isIP(address) ? { ip: address } : { hostname: address };
}

/** Where a Service is reached from outside: its load balancer, else its external IPs, else its cluster IP. */
export function serviceAddresses(svc: K8sObject | undefined): LoadBalancerIngress[] {
  if (!svc) return [];
  const status = svc['status'] as { loadBalancer?: { ingress?: LoadBalancerIngress[] } } | undefined;
  const lb = (status?.loadBalancer?.ingress ?? []).map(loadBalancerEntry).filter((e) => e.ip || e.hostname);
  if (lb.length > 0) return lb;
  const spec = (svc['spec'] ?? {}) as { externalIPs?: string[]; clusterIP?: string };
  if (spec.externalIPs?.length) return spec.externalIPs.map((ip) => ({ ip }));
  return spec.clusterIP && spec.clusterIP !== 'None' ? [{ ip: spec.clusterIP }] : [];
}


/**
 * The address Ingress status carries: `sourceK8s.statusAddress`, else that of the Service named by
 * `sourceK8s.statusService`, watched (one object, by field selector) so a load balancer that gets its
 * address later is written at once. Empty when neither is set or the Service is missing: then no
 * Ingress status is written.
 */
export class LoadBalancerAddress {
  private current: LoadBalancerIngress[];
  private reflector: Reflector | undefined;
  private readonly events = new EventEmitter();

  constructor(
    private readonly settings: AddressSettings,
    private readonly client: () => KubeClient,
    private readonly logger: Logger,
  ) {
    this.current = settings.statusAddress ? [addressEntry(settings.statusAddress)] : [];
  }

  get addresses(): readonly LoadBalancerIngress[] {
    return this.current;
  }

  onChange(listener: () => void): void {
    this.events.on('change', listener);
  }

  start(): void {
    if (this.settings.statusAddress || !this.settings.statusService || this.reflector) return;
    const [namespace, name, ...rest] = this.settings.statusService.split('/');
    if (!namespace || !name || rest.length > 0) {
      throw new IsobarError('CONFIG_INVALID', `sourceK8s.statusService must be "namespace/name", not "${this.settings.statusService}"`);
    }
    const resource = { ...watchedResource(SERVICE_KIND), fieldSelector: `metadata.name=${name}` };
    this.reflector = new Reflector(this.client(), resource, namespace, this.handler(), this.logger, { pageSize: 1 });
    this.reflector.start();
  }

  async stop(): Promise<void> {
    await this.reflector?.stop();
  }

  private handler(): ReflectorHandler {
    return {
      replace: (objects) => this.set(serviceAddresses(objects[0])),
      upsert: (svc) => this.set(serviceAddresses(svc)),
      remove: () => this.set([]),
      synced: () => {},
      // The reflector logs its own failures; the last known address stays in use meanwhile.
      trouble: () => {},
    };
  }

  private set(next: LoadBalancerIngress[]): void {
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    const shown = next.map((e) => e.ip ?? e.hostname).join(', ');
    if (next.length) this.logger.info({ service: this.settings.statusService, addresses: shown }, `Ingress status address is now ${shown} (from Service ${this.settings.statusService})`);
    else this.logger.warn({ service: this.settings.statusService }, `Service ${this.settings.statusService} is missing or has no address: Ingress status is left as it is`);
    this.events.emit('change');
  }
}

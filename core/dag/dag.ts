import type { ObjectRef } from '../model/k8s-object.js';
import type { ServicePort } from '../model/kinds.js';
import { Attributes } from './attributes.js';
import type { DagCluster, DagSecret, DagSecureVirtualHost, DagVirtualHost } from './dag-types.js';

/**
 * The single source of truth for one build: virtual hosts on the plain and secure listeners, and the
 * clusters and secrets they use. Built fresh by the processors each time, never mutated afterwards.
 */
export class Dag {
  readonly virtualHosts = new Map<string, DagVirtualHost>();
  readonly secureVirtualHosts = new Map<string, DagSecureVirtualHost>();
  readonly clusters = new Map<string, DagCluster>();
  readonly secrets = new Map<string, DagSecret>();

  virtualHost(host: string): DagVirtualHost {
    let vh = this.virtualHosts.get(host);
    if (!vh) this.virtualHosts.set(host, (vh = { host, routes: [], attributes: new Attributes() }));
    return vh;
  }

  /** The secure host, created on first use; the first secret to claim a host keeps it. */
  secureVirtualHost(host: string, secret: DagSecret): DagSecureVirtualHost {
    let vh = this.secureVirtualHosts.get(host);
    if (!vh) {
      this.secrets.set(secret.name, secret);
      this.secureVirtualHosts.set(host, (vh = { host, routes: [], attributes: new Attributes(), secret }));
    }
    return vh;
  }

  /** One cluster per service port; processors share it. */
  cluster(service: ObjectRef, port: ServicePort, externalName?: string): DagCluster {
    const endpointsName = `${service.namespace}/${service.name}/${port.name || port.port}`;
    let c = this.clusters.get(endpointsName);
    if (!c) {
      c = { service, port, endpointsName, attributes: new Attributes() };
      if (externalName) c.externalName = externalName;
      this.clusters.set(endpointsName, c);
    }
    return c;
  }
}

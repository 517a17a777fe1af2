import type { ObjectRef } from '../model/k8s-object.js';
import type { ServicePort } from '../model/kinds.js';
import { Attributes } from './attributes.js';
import type { DagCluster, DagRoute, DagSecret, DagSecureVirtualHost, DagVirtualHost, NodeOrigin } from './dag-types.js';
import { stableStringify } from '../util/stable-json.js';

/**
 * The single source of truth for one build: virtual hosts on the plain and secure listeners, and the
 * clusters and secrets they use. Built fresh by the processors each time, never mutated afterwards.
 */
export class Dag {
  readonly virtualHosts = new Map<string, DagVirtualHost>();
  readonly secureVirtualHosts = new Map<string, DagSecureVirtualHost>();
  readonly clusters = new Map<string, DagCluster>();
  readonly secrets = new Map<string, DagSecret>();

  /** Every route on every host, plain and secure (a TLS route may appear on both). */
  allRoutes(): DagRoute[] {
    return [...this.virtualHosts.values(), ...this.secureVirtualHosts.values()].flatMap((vh) => vh.routes);
  }

  /**
   * Every service entry (IngressRoute `services[j]`) the DAG uses, once each: route backends (a route on
   * both listeners, or copied as a wildcard fallback, shares its entries) and the entries that shaped a
   * cluster (covering clusters no route lists, such as a tcpproxy's).
   */
  serviceOrigins(): NodeOrigin[] {
    const seen = new Map<string, NodeOrigin>();
    const add = (o: NodeOrigin | undefined) => {
      if (o && !seen.has(`${o.object.key}|${o.field}`)) seen.set(`${o.object.key}|${o.field}`, o);
    };
    for (const r of this.allRoutes()) if (r.action.kind === 'forward') for (const b of r.action.backends) add(b.origin);
    for (const c of this.clusters.values()) add(c.origin);
    return [...seen.values()];
  }

  virtualHost(host: string): DagVirtualHost {
    let vh = this.virtualHosts.get(host);
    if (!vh) this.virtualHosts.set(host, (vh = { host, routes: [], attributes: new Attributes() }));
    return vh;
  }

  /**
   * The secure host, created on first use; the first to claim a host keeps it. Without a secret the host
   * is TLS passthrough: Envoy picks it by SNI and leaves TLS to the backend.
   */
  secureVirtualHost(host: string, secret: DagSecret | undefined): DagSecureVirtualHost {
    let vh = this.secureVirtualHosts.get(host);
    if (!vh) {
      vh = { host, routes: [], attributes: new Attributes() };
      if (secret) {
        this.secrets.set(secret.name, secret);
        vh.secret = secret;
      }
      this.secureVirtualHosts.set(host, vh);
    }
    return vh;
  }

  /**
   * One cluster per service port and variant. Routes that use a service the same way share a cluster;
   * a service entry with its own settings (`origin.spec` beyond name, port and weight: a strategy, a
   * health check) gets a cluster of its own, so one route's settings never leak into another's.
   */
  cluster(service: ObjectRef, port: ServicePort, externalName?: string, origin?: NodeOrigin): DagCluster {
    const endpointsName = `${service.namespace}/${service.name}/${port.name || port.port}`;
    const variant = origin ? variantOf(origin.spec) : '';
    const key = variant ? `${endpointsName}|${variant}` : endpointsName;
    let c = this.clusters.get(key);
    if (!c) {
      c = { service, port, endpointsName, attributes: new Attributes() };
      if (externalName) c.externalName = externalName;
      if (origin && variant) {
        c.origin = origin;
        c.variant = variant;
      }
      this.clusters.set(key, c);
    }
    return c;
  }
}

/** What in a service entry shapes its cluster: everything but which service, which port and how much traffic. */
function variantOf(spec: Readonly<Record<string, unknown>>): string {
  const { name: _n, port: _p, weight: _w, ...rest } = spec;
  return Object.keys(rest).length === 0 ? '' : stableStringify(rest);
}

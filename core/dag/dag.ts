import type { ObjectRef } from '../model/k8s-object.js';
import type { ServicePort } from '../model/kinds.js';
import { Attributes } from './attributes.js';
import type {
  DagCluster,
  DagHttpListener,
  DagHttpsListener,
  DagRoute,
  DagSecret,
  DagSecureVirtualHost,
  DagVirtualHost,
  ListenerDefinition,
  NodeOrigin,
  UpstreamTls,
} from './dag-types.js';
import { chainHosts } from './dag-types.js';
import { stableStringify } from '../util/stable-json.js';

/** The listeners of the config (`listeners.http` / `listeners.https`): where Ingress and IngressRoute attach their hosts. */
export interface DefaultListeners {
  http: ListenerDefinition;
  https: ListenerDefinition;
}

export const HTTP_LISTENER = 'ingress_http';
export const HTTPS_LISTENER = 'ingress_https';

/** The config's defaults, for a DAG built without a config (tests, tools). */
export const DEFAULT_LISTENERS: DefaultListeners = {
  http: { name: HTTP_LISTENER, address: '0.0.0.0', port: 8080 },
  https: { name: HTTPS_LISTENER, address: '0.0.0.0', port: 8443 },
};

/**
 * The single source of truth for one build: listeners, the virtual hosts attached to each, and the
 * clusters and secrets they use. Built fresh by the processors each time, never mutated afterwards. The
 * config's two listeners always exist (the HTTP one is served even without hosts); a processor may
 * declare more (`httpListener`, `httpsListener`).
 */
export class Dag {
  readonly listeners = new Map<string, DagHttpListener | DagHttpsListener>();
  readonly clusters = new Map<string, DagCluster>();
  readonly secrets = new Map<string, DagSecret>();
  /** The config's listeners. */
  readonly http: DagHttpListener;
  readonly https: DagHttpsListener;

  constructor(readonly defaults: DefaultListeners = DEFAULT_LISTENERS) {
    // The plain listener's routes are `ingress_http`; each TLS host's are `https/<host>`.
    this.http = this.httpListener(defaults.http, HTTP_LISTENER);
    this.https = this.httpsListener(defaults.https, 'https');
  }

  /** An empty DAG with the same listeners declared by config (a processor's scratch build). */
  fork(): Dag {
    return new Dag(this.defaults);
  }

  /** The hosts of the config's HTTP listener. */
  get virtualHosts(): Map<string, DagVirtualHost> {
    return this.http.virtualHosts;
  }

  /** The hosts of the config's HTTPS listener. */
  get secureVirtualHosts(): Map<string, DagSecureVirtualHost> {
    return this.https.virtualHosts;
  }

  /** An HTTP listener, created on first use (its routes are named `routeConfigName`, by default its name). */
  httpListener(def: ListenerDefinition, routeConfigName = def.name): DagHttpListener {
    return this.listenerOf(def, 'HTTP', routeConfigName) as DagHttpListener;
  }

  /** An HTTPS listener, created on first use (a TLS host's routes are named `routeConfigName/host`, by default with its name). */
  httpsListener(def: ListenerDefinition, routeConfigName = def.name): DagHttpsListener {
    return this.listenerOf(def, 'HTTPS', routeConfigName) as DagHttpsListener;
  }

  /** Every route on every host of every listener (a TLS route may appear on both of the config's). */
  allRoutes(): DagRoute[] {
    return this.routedHosts().flatMap((vh) => vh.routes);
  }

  /** Every virtual host that routes requests: those of each listener, and those behind a TLS host's chain. */
  routedHosts(): DagVirtualHost[] {
    return [...this.listeners.values()].flatMap((l) =>
      l.protocol === 'HTTPS' ? [...l.virtualHosts.values()].flatMap(chainHosts) : [...l.virtualHosts.values()],
    );
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

  /** A host on an HTTP listener (the config's by default), created on first use. */
  virtualHost(host: string, listener: DagHttpListener = this.http): DagVirtualHost {
    return hostIn(listener.virtualHosts, host);
  }

  /** A host behind a TLS host's filter chain (DagSecureVirtualHost.virtualHosts), created on first use. */
  chainHost(chain: DagSecureVirtualHost, host: string): DagVirtualHost {
    return hostIn((chain.virtualHosts ??= new Map()), host);
  }

  /**
   * A host on an HTTPS listener (the config's by default), created on first use; the first to claim a
   * host keeps it. Without a secret the host is TLS passthrough: Envoy picks it by SNI and leaves TLS to
   * the backend.
   */
  /** A secret something other than a TLS host uses (a client certificate a cluster presents to its backend). */
  useSecret(secret: DagSecret): void {
    this.secrets.set(secret.name, secret);
  }

  secureVirtualHost(host: string, secret: DagSecret | undefined, listener: DagHttpsListener = this.https): DagSecureVirtualHost {
    let vh = listener.virtualHosts.get(host);
    if (!vh) {
      vh = { host, routes: [], attributes: new Attributes() };
      if (secret) {
        this.secrets.set(secret.name, secret);
        vh.secret = secret;
      }
      listener.virtualHosts.set(host, vh);
    }
    return vh;
  }

  private listenerOf(def: ListenerDefinition, protocol: 'HTTP' | 'HTTPS', routeConfigName: string): DagHttpListener | DagHttpsListener {
    const have = this.listeners.get(def.name);
    if (have) {
      if (have.protocol !== protocol || have.address !== def.address || have.port !== def.port) {
        throw new Error(`listener ${def.name} is already ${have.protocol} on ${have.address}:${have.port}; not ${protocol} on ${def.address}:${def.port}`);
      }
      // Listeners of different fleets never merge: one Gateway's Envoys must not serve another's hosts.
      if ((have.fleet ?? '') !== (def.fleet ?? '')) {
        throw new Error(`listener ${def.name} is already of ${fleetName(have.fleet)}; not of ${fleetName(def.fleet)}`);
      }
      return have;
    }
    const l = { ...def, protocol, routeConfigName, virtualHosts: new Map(), attributes: new Attributes() } as DagHttpListener | DagHttpsListener;
    this.listeners.set(def.name, l);
    return l;
  }

  /**
   * One cluster per service port and variant. Routes that use a service the same way share a cluster;
   * a service entry with its own settings (`origin.spec` beyond name, port and weight: a strategy, a
   * health check) gets a cluster of its own, so one route's settings never leak into another's.
   */
  cluster(service: ObjectRef, port: ServicePort, externalName?: string, origin?: NodeOrigin, http2 = false, upstreamTls?: UpstreamTls): DagCluster {
    const endpointsName = `${service.namespace}/${service.name}/${port.name || port.port}`;
    const variant = origin ? variantOf(origin.spec) : '';
    const tlsKey = upstreamTls ? `|tls:${stableStringify(upstreamTls)}` : '';
    const key = `${variant ? `${endpointsName}|${variant}` : endpointsName}${http2 ? '|h2' : ''}${tlsKey}`;
    let c = this.clusters.get(key);
    if (!c) {
      c = { service, port, endpointsName, attributes: new Attributes() };
      if (externalName) c.externalName = externalName;
      if (http2) c.http2 = true;
      if (upstreamTls) c.upstreamTls = upstreamTls;
      if (origin && variant) {
        c.origin = origin;
        c.variant = variant;
      }
      this.clusters.set(key, c);
    }
    return c;
  }
}

function hostIn(hosts: Map<string, DagVirtualHost>, host: string): DagVirtualHost {
  let vh = hosts.get(host);
  if (!vh) hosts.set(host, (vh = { host, routes: [], attributes: new Attributes() }));
  return vh;
}

function fleetName(fleet: string | undefined): string {
  return fleet ? `fleet ${fleet}` : 'the default fleet';
}

/** What in a service entry shapes its cluster: everything but which service, which port and how much traffic. */
function variantOf(spec: Readonly<Record<string, unknown>>): string {
  const { name: _n, port: _p, weight: _w, ...rest } = spec;
  return Object.keys(rest).length === 0 ? '' : stableStringify(rest);
}

import type { DagCluster, DagHttpsListener } from '../dag/dag-types.js';
import { shortHash, stableStringify } from '../util/stable-json.js';


export { HTTP_LISTENER, HTTPS_LISTENER } from '../dag/dag.js';

/** The route configuration of one TLS host of an HTTPS listener: `https/<host>` on the config's listener. */
export function secureRouteConfigName(listener: Pick<DagHttpsListener, 'routeConfigName'>, host: string): string {
  return `${listener.routeConfigName}/${host}`;
}

/**
 * `namespace/service/port/<hash>`: the hash covers everything that shapes the Envoy cluster, so a
 * changed cluster gets a new name (Envoy warms it beside the old one) and an unchanged one keeps its name.
 */
export function clusterName(c: DagCluster): string {
  let name = nameCache.get(c);
  if (name === undefined) nameCache.set(c, (name = computeClusterName(c)));
  return name;
}

/** Translation runs after every processor, so a cluster's shape is final by then: its name can be kept. */
const nameCache = new WeakMap<DagCluster, string>();

function computeClusterName(c: DagCluster): string {
  // Keys are added only when set, so a plain cluster's name is what it was before they existed.
  const shape = stableStringify({
    port: c.port,
    externalName: c.externalName,
    variant: c.variant,
    attributes: c.attributes.entries(),
    ...(c.http2 ? { http2: true } : {}),
    ...(c.upstreamTls ? { upstreamTls: c.upstreamTls } : {}),
  });
  return `${c.endpointsName}/${shortHash(shape)}`;
}

const PLAIN_HOST = /^[-a-z0-9*.]+$/;

/**
 * The VirtualHost's name, which Envoy builds its per-host stat names from (`vhost.<name>.vcluster.all.*`).
 * Envoy finds a stat's tags by splitting its name at dots, so `foo.example.com` would come out of its
 * Prometheus output as host "foo" under a metric named after the rest: dots become underscores
 * (`foo_example_com`, `*_example_com`). Valid hosts (lower-case DNS names, perhaps with `*.`) hold no
 * underscore, so this is one-to-one for them; any other text is cleaned up and gets a hash of itself, so
 * two hosts never share a name.
 */
export function virtualHostName(host: string): string {
  const name = host.replaceAll('.', '_');
  return PLAIN_HOST.test(host) ? name : `${name.replace(/[^-a-zA-Z0-9_*]/g, '_')}~${shortHash(host, 8)}`;
}

import type { Dag, NodeOrigin } from '../../core/index.js';

/**
 * Every IngressRoute service entry the DAG uses, once each: the backends of routes (a route on both
 * listeners, or copied as a wildcard fallback, shares its entries) and the entries that shaped a cluster
 * (which also covers clusters no route lists, such as a tcpproxy's). A problem with an entry is reported
 * on every object that has it, not only on the first of those that share a cluster.
 */
export function serviceOrigins(dag: Dag): NodeOrigin[] {
  const seen = new Map<string, NodeOrigin>();
  const add = (o: NodeOrigin | undefined) => {
    if (o && !seen.has(`${o.object.key}|${o.field}`)) seen.set(`${o.object.key}|${o.field}`, o);
  };
  for (const r of dag.allRoutes()) if (r.action.kind === 'forward') for (const b of r.action.backends) add(b.origin);
  for (const c of dag.clusters.values()) add(c.origin);
  return [...seen.values()];
}

import type { Dag } from '../dag/dag.js';
import { clusterName } from '../translate/names.js';
import { describeMatch } from '../translate/route-order.js';
import { sortedBy } from '../util/compare.js';

/** The DAG in Graphviz DOT (`curl …/debug/dag | dot -Tpng`), as the seed article shows. */
export function dagToDot(dag: Dag): string {
  const lines = ['digraph isobar {', '  rankdir=LR;', '  node [shape=box, fontname="monospace"];'];
  const q = (s: string) => JSON.stringify(s);
  const edge = (a: string, b: string, label?: string) => lines.push(`  ${q(a)} -> ${q(b)}${label ? ` [label=${q(label)}]` : ''};`);
  // The config's listeners' hosts are `http <host>` and `https <host>`; those of other listeners carry the listener's name.
  const prefix = (l: Dag['http'] | Dag['https']) => (l === dag.http ? 'http' : l === dag.https ? 'https' : l.name);
  const hosts = [...dag.listeners.values()].flatMap((l) =>
    sortedBy(l.virtualHosts.values(), (v) => v.host).map((vh) => ({ vh, listener: `listener ${l.name}`, id: `${prefix(l)} ${vh.host}` })),
  );
  for (const { vh, listener, id } of hosts) {
    edge(listener, id);
    const secret = (vh as { secret?: { name: string } }).secret;
    if (secret) edge(id, `secret ${secret.name}`);
    for (const r of vh.routes) {
      const route = `${id} ${describeMatch(r.match)}`;
      edge(id, route);
      if (r.action.kind === 'forward') for (const b of r.action.backends) edge(route, `cluster ${clusterName(b.cluster)}`, `weight ${b.weight}`);
      else edge(route, r.action.kind === 'direct' ? `direct ${r.action.status}` : r.action.kind === 'redirect' ? `redirect ${r.action.status}` : 'redirect https');
    }
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

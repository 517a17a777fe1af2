import type { Dag } from '../../core/dag/dag.js';
import type { IsobarConfig } from '../../config/schema.js';
import { sortedBy } from '../../core/util/compare.js';

/** curl lines for what is being served, printed by standalone mode so a user can try it at once. */
export function tryUrls(dag: Dag, config: IsobarConfig): string[] {
  const lines: string[] = [];
  const httpPort = config.listeners.http.port;
  for (const vh of sortedBy(dag.virtualHosts.values(), (v) => v.host)) {
    for (const r of vh.routes) {
      if (r.match.kind === 'regex' || r.fallback) continue;
      const host = vh.host === '*' ? '' : `-H 'Host: ${vh.host.replace('*', 'any')}' `;
      lines.push(`curl ${host}http://127.0.0.1:${httpPort}${r.match.path}`);
    }
  }
  const httpsPort = config.listeners.https.port;
  for (const vh of sortedBy(dag.secureVirtualHosts.values(), (v) => v.host)) {
    const host = vh.host.replace('*', 'any');
    lines.push(`curl -k --resolve ${host}:${httpsPort}:127.0.0.1 https://${host}:${httpsPort}/`);
  }
  return lines;
}

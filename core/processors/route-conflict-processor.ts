import { injectable } from 'inversify';
import type { BuildContext, Processor } from '../container/contribution-points.js';
import type { DagRoute, DagVirtualHost } from '../dag/dag-types.js';
import { objectKey } from '../model/k8s-object.js';
import { compareRoutes, describeMatch } from '../translate/route-order.js';
import { compareStrings } from '../util/compare.js';
import { requestKey } from './match-equivalence.js';

/**
 * Two routes on one host that select the same requests (see match-equivalence.ts: `Prefix /` and a
 * plain `/` are one match): only one can ever be reached. The stronger claim on the host (hostRank, a
 * Gateway API route's own hostname), then the older claim (owner rank: creation time, then key) keeps it, whatever the kinds of the two matches, and the other owner is told who holds the
 * path, so one tenant's route cannot take over, or silently shadow, another's. Runs after every kind
 * processor, before the features.
 */
@injectable()
export class RouteConflictProcessor implements Processor {
  readonly id = 'route-conflicts';
  readonly order = 900;

  run(ctx: BuildContext): void {
    const reported = new Set<string>();
    const hosts: DagVirtualHost[] = ctx.dag.routedHosts();
    for (const vh of hosts) {
      const losers = new Set<DagRoute>();
      for (const group of sameRequestGroups(vh.routes)) {
        // Stable sort: an object's own duplicate paths keep the order it wrote them in.
        const [holder, ...rest] = [...group].sort((a, b) => (b.hostRank ?? 0) - (a.hostRank ?? 0) || compareStrings(a.ownerRank, b.ownerRank));
        for (const r of rest) {
          losers.add(r);
          this.report(ctx, reported, vh, holder!, r);
        }
      }
      vh.routes = vh.routes.filter((r) => !losers.has(r)).sort(compareRoutes);
    }
  }

  private report(ctx: BuildContext, reported: Set<string>, vh: DagVirtualHost, holder: DagRoute, r: DagRoute): void {
    const key = `${objectKey(r.owner)}|${r.ownerField}|${vh.host}`;
    if (reported.has(key)) return;
    reported.add(key);
    const owner = ctx.store.get(r.owner.kind, r.owner.namespace, r.owner.name);
    if (!owner) return;
    const by = objectKey(holder.owner) === objectKey(r.owner) ? 'an earlier path of the same object' : `${holder.owner.kind} ${holder.owner.namespace}/${holder.owner.name} (${describeMatch(holder.match)})`;
    ctx.status.warn(owner, 'RouteConflict', `${describeMatch(r.match)} on host ${vh.host} selects the same requests as a path already served by ${by}; this path is not served`, r.ownerField);
  }
}

/**
 * Routes that select the same requests, grouped (groups of one left out). A default backend is a
 * fallback: it only ever competes with other default backends.
 */
function sameRequestGroups(routes: readonly DagRoute[]): DagRoute[][] {
  const groups = new Map<string, DagRoute[]>();
  for (const r of routes) {
    const key = `${r.fallback === true}|${requestKey(r)}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

import { injectable } from 'inversify';
import type { BuildContext, Processor } from '../container/contribution-points.js';
import type { DagRoute, DagVirtualHost } from '../dag/dag-types.js';
import { objectKey } from '../model/k8s-object.js';
import { compareRoutes, describeMatch, sameMatch } from '../translate/route-order.js';

/**
 * Two routes on one host with the same match: only the first (the older owner) can ever be reached.
 * The later one is removed and its owner told who holds the path, so one tenant's Ingress cannot take
 * over, or silently shadow, another's route. Runs after every kind processor, before the features.
 */
@injectable()
export class RouteConflictProcessor implements Processor {
  readonly id = 'route-conflicts';
  readonly order = 900;

  run(ctx: BuildContext): void {
    const reported = new Set<string>();
    const hosts: DagVirtualHost[] = [...ctx.dag.virtualHosts.values(), ...ctx.dag.secureVirtualHosts.values()];
    for (const vh of hosts) {
      const sorted = [...vh.routes].sort(compareRoutes);
      const kept: DagRoute[] = [];
      for (const r of sorted) {
        const holder = kept.find((k) => sameMatch(k, r) && Boolean(k.fallback) === Boolean(r.fallback));
        if (!holder) {
          kept.push(r);
          continue;
        }
        const key = `${objectKey(r.owner)}|${r.ownerField}|${vh.host}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const owner = ctx.store.get(r.owner.kind, r.owner.namespace, r.owner.name);
        if (!owner) continue;
        const by = objectKey(holder.owner) === objectKey(r.owner) ? 'an earlier path of the same object' : `${holder.owner.kind} ${holder.owner.namespace}/${holder.owner.name}`;
        ctx.status.warn(owner, 'RouteConflict', `${describeMatch(r.match)} on host ${vh.host} is already served by ${by}; this path is not served`, r.ownerField);
      }
      vh.routes = kept;
    }
  }
}

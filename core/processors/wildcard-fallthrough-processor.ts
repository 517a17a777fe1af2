import { injectable } from 'inversify';
import type { BuildContext, Processor } from '../container/contribution-points.js';
import type { DagHttpListener } from '../dag/dag-types.js';

/**
 * Envoy sends `a.b.example.com` to the `*.example.com` virtual host, but in Kubernetes that wildcard
 * covers one label only (the route-level :authority check turns the deeper name away). Such a request
 * belongs to the rules without a host, so the catch-all host's routes are appended to every wildcard
 * host, after its own routes. Runs after conflicts are settled, so the copies never count as conflicts.
 */
@injectable()
export class WildcardFallthroughProcessor implements Processor {
  readonly id = 'wildcard-fallthrough';
  readonly order = 950;

  run(ctx: BuildContext): void {
    // A listener whose wildcards take any number of labels (Gateway API) has nothing to fall through.
    for (const l of ctx.dag.listeners.values()) if (l.protocol === 'HTTP' && l.wildcardLabels !== 'any') this.fallThrough(l);
  }

  /** Within one HTTP listener: its catch-all host's routes back its wildcard hosts. */
  private fallThrough(l: DagHttpListener): void {
    const catchAll = l.virtualHosts.get('*');
    if (!catchAll) return;
    for (const vh of l.virtualHosts.values()) {
      if (!vh.host.startsWith('*.')) continue;
      // As fallbacks they sort after the host's own routes; a default backend already added here by the
      // same Ingress is not copied twice.
      const present = new Set(vh.routes.map((r) => `${r.owner.namespace}/${r.owner.name}|${r.ownerField}`));
      const copies = catchAll.routes.filter((r) => !present.has(`${r.owner.namespace}/${r.owner.name}|${r.ownerField}`)).map((r) => ({ ...r, fallback: true }));
      vh.routes = [...vh.routes, ...copies];
    }
  }
}

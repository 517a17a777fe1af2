import { PROCESSOR_ORDER, planWeights, type BuildContext, type DagRoute, type Processor, type StatusRecorder, type WeightedBackend } from '../../core/index.js';
import { COOKIE_STRATEGY, LB_STRATEGY, strategyAttribute, strategyProblem } from './lb-strategy.js';
import { SESSION_AFFINITY } from './session-affinity.js';

/**
 * Reads `weight` and `strategy` from IngressRoute service entries: weights onto each route's backends,
 * strategies onto the clusters their entries shaped, and session affinity onto the routes that need
 * the cookie. Runs with the features, after every kind processor has made its routes and clusters.
 */
export class LoadBalancingProcessor implements Processor {
  readonly id = 'load-balancing';
  readonly order = PROCESSOR_ORDER.features;

  run(ctx: BuildContext): void {
    for (const o of ctx.dag.serviceOrigins()) {
      const problem = ctx.guard(o.object, () => strategyProblem(o.spec.strategy), `${o.field}.strategy`);
      if (problem) ctx.status.warn(o.object, 'FieldInvalid', problem, `${o.field}.strategy`);
    }
    for (const c of ctx.dag.clusters.values()) {
      const strategy = c.origin ? ctx.guard(c.origin.object, () => strategyAttribute(c.origin!.spec.strategy), `${c.origin.field}.strategy`) : undefined;
      if (strategy !== undefined) c.attributes.set(LB_STRATEGY, strategy);
    }
    for (const r of ctx.dag.allRoutes()) {
      const action = r.action;
      if (action.kind !== 'forward') continue;
      ctx.guard(r.owner, () => {
        this.weigh(r, action.backends, ctx.status);
        if (action.backends.some((b) => b.cluster.attributes.get(LB_STRATEGY) === COOKIE_STRATEGY)) r.attributes.set(SESSION_AFFINITY, true);
      }, r.ownerField);
    }
  }

  /** Only IngressRoute backends (those with an origin) carry weights; an Ingress route keeps core's. */
  private weigh(route: DagRoute, backends: WeightedBackend[], status: StatusRecorder): void {
    if (backends.length === 0 || !backends.every((b) => b.origin)) return;
    const plan = planWeights(backends.map((b) => b.origin!.spec.weight));
    plan.weights.forEach((w, i) => (backends[i]!.weight = w));
    for (const { index, message } of plan.invalid) {
      const o = backends[index]!.origin!;
      status.warn(o.object, 'FieldInvalid', message, `${o.field}.weight`);
    }
    if (plan.allZero && backends.length > 1) {
      const o = route.origin ?? backends[0]!.origin!;
      const field = route.origin ? `${route.origin.field}.services` : backends[0]!.origin!.field;
      status.warn(o.object, 'WeightsAllZero', 'every service of this route has weight 0, which Envoy cannot serve; traffic is split equally instead', field);
    }
  }
}

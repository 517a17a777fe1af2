import { PROCESSOR_ORDER, ROUTE_RETRY, ROUTE_TIMEOUT, type BuildContext, type DagRoute, type Processor } from '../../core/index.js';
import { readRetryPolicy, readTimeoutPolicy, type PolicyProblem } from './timeout-retry-policy.js';

/** Core's attributes, which other APIs set too. */
export { ROUTE_RETRY, ROUTE_TIMEOUT };

/** Reads `timeoutPolicy` and `retryPolicy` from each route's origin (IngressRoute `routes[i]`). */
export class TimeoutRetryProcessor implements Processor {
  readonly id = 'timeout-retry';
  readonly order = PROCESSOR_ORDER.features;

  run(ctx: BuildContext): void {
    for (const r of ctx.dag.allRoutes()) ctx.guard(r.owner, () => this.route(ctx, r), r.ownerField);
  }

  private route(ctx: BuildContext, r: DagRoute): void {
    const origin = r.origin;
    if (!origin) return;
    const problems: PolicyProblem[] = [];
    const timeout = readTimeoutPolicy(origin.spec.timeoutPolicy, problems);
    const retry = readRetryPolicy(origin.spec.retryPolicy, problems);
    if (timeout !== undefined) r.attributes.set(ROUTE_TIMEOUT, timeout);
    if (retry !== undefined) r.attributes.set(ROUTE_RETRY, retry);
    for (const p of problems) ctx.status.warn(origin.object, 'FieldInvalid', p.message, `${origin.field}.${p.field}`);
  }
}

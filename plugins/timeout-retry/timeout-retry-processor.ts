import { AttributeKey, PROCESSOR_ORDER, type BuildContext, type DagRoute, type Processor } from '../../core/index.js';
import { readRetryPolicy, readTimeoutPolicy, type PolicyProblem, type RetrySettings } from './timeout-retry-policy.js';

/** The route's request timeout in ms; 0 disables it. */
export const ROUTE_TIMEOUT = new AttributeKey<number>('timeout-retry.timeout');
export const ROUTE_RETRY = new AttributeKey<RetrySettings>('timeout-retry.retry');

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

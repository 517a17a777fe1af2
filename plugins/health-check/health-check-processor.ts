import { AttributeKey, PROCESSOR_ORDER, type BuildContext, type Processor } from '../../core/index.js';
import { parseHealthCheck, type HealthCheckPolicy } from './health-check-policy.js';

export interface HealthCheckAttribute {
  /** The check to run; absent when the written one cannot be run (no usable path). */
  policy?: HealthCheckPolicy;
  /**
   * `healthCheck` as written. Core names a cluster by its attributes, and gives every distinct written
   * service entry its own cluster: two entries whose checks differ only in how they are written (a
   * default spelt out, or an invalid value) must still get two names.
   */
  written: unknown;
}

/** On clusters whose service entry has a `healthCheck`. */
export const HEALTH_CHECK = new AttributeKey<HealthCheckAttribute>('health-check.http');

/**
 * Reads `healthCheck` from IngressRoute service entries onto the clusters they shaped. Problems are
 * reported on every entry that has them, not only on the first of the entries that share a cluster.
 */
export class HealthCheckProcessor implements Processor {
  readonly id = 'health-check';
  readonly order = PROCESSOR_ORDER.features;

  run(ctx: BuildContext): void {
    for (const o of ctx.dag.serviceOrigins()) {
      if (o.spec.healthCheck === undefined) continue;
      ctx.guard(o.object, () => {
        for (const issue of parseHealthCheck(o.spec.healthCheck).issues) {
          ctx.status.warn(o.object, 'FieldInvalid', issue.message, `${o.field}.healthCheck${issue.field ? `.${issue.field}` : ''}`);
        }
      }, `${o.field}.healthCheck`);
    }
    for (const c of ctx.dag.clusters.values()) {
      const written = c.origin?.spec.healthCheck;
      if (written === undefined) continue;
      ctx.guard(c.origin!.object, () => {
        const { policy } = parseHealthCheck(written);
        c.attributes.set(HEALTH_CHECK, policy ? { policy, written } : { written });
      }, `${c.origin!.field}.healthCheck`);
    }
  }
}

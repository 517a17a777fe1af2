import { injectable } from 'inversify';
import { envoy, type DagCluster, type Feature, type TranslatorHooks } from '../../core/index.js';
import type { HealthCheckPolicy } from './health-check-policy.js';
import { HEALTH_CHECK, HealthCheckProcessor } from './health-check-processor.js';

/**
 * HTTP active health checks: Envoy asks every endpoint of the cluster for `path` and takes an endpoint
 * out of the rotation after `unhealthyThresholdCount` failed answers (anything but 2xx), back in after
 * `healthyThresholdCount` good ones.
 */
@injectable()
export class HealthCheckFeature implements Feature {
  readonly id = 'health-check';
  readonly processor = new HealthCheckProcessor();
  readonly hooks: TranslatorHooks = {
    cluster(cluster: DagCluster, out: envoy.Cluster): void {
      const policy = cluster.attributes.get(HEALTH_CHECK)?.policy;
      if (policy) out.healthChecks = [...out.healthChecks, httpHealthCheck(policy)];
    },
  };
}

/**
 * The interval also applies while the cluster has had no traffic yet (Envoy's `no_traffic_interval`,
 * 60 s by default, otherwise): `intervalSeconds` is the delay the user wrote, and an endpoint that
 * recovers while its route is idle should come back within it, not a minute later.
 */
export function httpHealthCheck(p: HealthCheckPolicy): envoy.HealthCheck {
  const interval = { seconds: p.intervalSeconds, nanos: 0 };
  return envoy.HealthCheck.fromPartial({
    timeout: { seconds: p.timeoutSeconds, nanos: 0 },
    interval,
    noTrafficInterval: interval,
    unhealthyThreshold: p.unhealthyThreshold,
    healthyThreshold: p.healthyThreshold,
    httpHealthCheck: { path: p.path, host: p.host },
  });
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { K8sObject } from '../../core/index.js';
import { buildWithFeatures, ingressRoute } from '../../test/fixtures/feature-build.js';
import { endpoints, service } from '../../test/fixtures/objects.js';
import { HealthCheckFeature } from './health-check-feature.js';

const base: K8sObject[] = [service('shop', 'pool', [{ port: 80 }]), endpoints('shop', 'pool', '10.0.0.1', [{ port: 8080 }])];

function build(routes: unknown[], loaded = true) {
  const b = buildWithFeatures([...base, ingressRoute('shop', 'app', { virtualhost: { fqdn: 'shop.example.com' }, routes })], loaded ? [new HealthCheckFeature()] : []);
  const clusterName = (path: string) => b.routes('shop.example.com').find((r) => r.match?.prefix === path)!.route!.cluster!;
  const checks = (path: string) => b.cluster(clusterName(path)).healthChecks;
  return { ...b, clusterName, checks, conditions: () => b.conditions('shop', 'app') };
}

describe('health-check feature', () => {
  it('adds an HTTP health check with the written values to the service’s own cluster', () => {
    const b = build([
      { match: '/checked', services: [{ name: 'pool', port: 80, healthCheck: { path: '/healthz', host: 'pool.internal', intervalSeconds: 1, timeoutSeconds: 3, unhealthyThresholdCount: 1, healthyThresholdCount: 4 } }] },
      { match: '/plain', services: [{ name: 'pool', port: 80 }] },
    ]);
    const [hc, ...more] = b.checks('/checked');
    assert.equal(more.length, 0);
    assert.deepEqual(
      { path: hc?.httpHealthCheck?.path, host: hc?.httpHealthCheck?.host, interval: hc?.interval, noTraffic: hc?.noTrafficInterval, timeout: hc?.timeout, unhealthy: hc?.unhealthyThreshold, healthy: hc?.healthyThreshold },
      { path: '/healthz', host: 'pool.internal', interval: { seconds: 1, nanos: 0 }, noTraffic: { seconds: 1, nanos: 0 }, timeout: { seconds: 3, nanos: 0 }, unhealthy: 1, healthy: 4 },
    );
    assert.deepEqual(b.checks('/plain'), [], 'a route without healthCheck keeps an unchecked cluster');
    assert.notEqual(b.clusterName('/checked'), b.clusterName('/plain'));
    assert.deepEqual(b.conditions(), []);
  });

  it('fills in Contour’s defaults', () => {
    const [hc] = build([{ match: '/', services: [{ name: 'pool', port: 80, healthCheck: { path: '/hc' } }] }]).checks('/');
    assert.deepEqual(
      [hc?.httpHealthCheck?.host, hc?.interval?.seconds, hc?.timeout?.seconds, hc?.unhealthyThreshold, hc?.healthyThreshold],
      ['contour-envoy-healthcheck', 5, 2, 3, 2],
    );
  });

  it('runs no check without a path, and says so on the field', () => {
    const b = build([{ match: '/', services: [{ name: 'pool', port: 80, healthCheck: { intervalSeconds: 1 } }] }]);
    assert.deepEqual(b.checks('/'), []);
    assert.deepEqual(b.conditions().map((c) => [c.reason, c.field]), [['FieldInvalid', 'spec.routes[0].services[0].healthCheck.path']]);
  });

  it('keeps checks written differently on clusters of their own, even when they mean the same', () => {
    const b = build([
      { match: '/a', services: [{ name: 'pool', port: 80, healthCheck: { path: '/hc' } }] },
      { match: '/b', services: [{ name: 'pool', port: 80, healthCheck: { path: '/hc', intervalSeconds: 5 } }] },
      { match: '/c', services: [{ name: 'pool', port: 80, healthCheck: { path: '/hc', intervalSeconds: -5 } }] },
      { match: '/d', services: [{ name: 'pool', port: 80, healthCheck: { host: 'x' } }] },
      { match: '/e', services: [{ name: 'pool', port: 80, healthCheck: { host: 'y' } }] },
    ]);
    assert.equal(new Set(['/a', '/b', '/c', '/d', '/e'].map(b.clusterName)).size, 5);
    assert.deepEqual(b.conditions().map((c) => c.field), ['spec.routes[2].services[0].healthCheck.intervalSeconds', 'spec.routes[3].services[0].healthCheck.path', 'spec.routes[4].services[0].healthCheck.path']);
  });

  it('without the plugin, the check is ignored with a FeatureDisabled warning', () => {
    const b = build([{ match: '/', services: [{ name: 'pool', port: 80, healthCheck: { path: '/hc' } }] }], false);
    assert.deepEqual(b.checks('/'), []);
    assert.deepEqual(b.conditions().map((c) => c.reason), ['FeatureDisabled']);
  });
});

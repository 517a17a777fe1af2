import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { K8sObject } from '../../core/index.js';
import { service } from '../../test/fixtures/objects.js';
import { GatewayBuild } from '../../test/support/gateway-api/gateway-build.js';
import { gateway, gatewayClass, httpListener, httpRoute } from '../../test/support/gateway-api/gateway-objects.js';
import { claimStrength } from './hostnames.js';

const base: K8sObject[] = [gatewayClass(), service('infra', 'v1', [{ port: 80 }]), service('infra', 'v2', [{ port: 80 }])];
const OLDER = { creationTimestamp: '2026-01-01T00:00:00Z' };
const NEWER = { creationTimestamp: '2026-06-01T00:00:00Z' };
const route = (name: string, hostnames: string[], path: string, backend: string, meta: Record<string, unknown>, headers: unknown[] = []) =>
  httpRoute('infra', name, { parentRefs: [{ name: 'gw' }], hostnames, rules: [{ matches: [{ path: { type: 'PathPrefix', value: path }, headers }], backendRefs: [{ name: backend, port: 80 }] }] }, meta);

/** The backends of a host's routes, in the order Envoy tries them. */
function order(b: GatewayBuild, host: string): string[] {
  const vh = b.routeConfig('infra/gw/http-8081')?.virtualHosts.find((v) => v.domains[0] === host);
  return (vh?.routes ?? []).map((r) => `${r.match?.prefix ?? r.match?.pathSeparatedPrefix}->${r.route?.cluster?.split('/')[1]}`);
}

describe('Gateway API hostname intersection precedence', () => {
  it('scores a route\'s own hostname: exact names by length first, then wildcards by length, none at all last', () => {
    const scores = [
      claimStrength('abc.example.com', ['abc.example.com'], 'abc.example.com'),
      claimStrength('abc.example.com', ['*.example.com'], 'abc.example.com'),
      claimStrength('abc.example.com', ['*.com'], 'abc.example.com'),
      claimStrength('abc.example.com', [], 'abc.example.com'),
    ];
    assert.deepEqual([...scores].sort((a, b) => b - a), scores);
    assert.equal(new Set(scores).size, 4);
    assert.equal(claimStrength('abc.example.com', ['other.example.com'], 'abc.example.com'), 0, 'a hostname that does not give this host claims nothing');
  });

  it('an exact route hostname beats an older wildcard one on the same listener host, whatever the paths', () => {
    const gw = gateway('infra', 'gw', [httpListener('http', 8081, { hostname: 'abc.example.com' })]);
    const b = new GatewayBuild([...base, gw, route('wild', ['*.example.com'], '/path/prefix', 'v1', OLDER), route('exact', ['abc.example.com'], '/path', 'v2', NEWER)]);
    assert.deepEqual(order(b, 'abc.example.com'), ['/path->v2', '/path/prefix->v1']);
  });

  it('of two routes with the same match, the stronger claim holds it, not the older', () => {
    const gw = gateway('infra', 'gw', [httpListener('http', 8081, { hostname: '*.example.com' })]);
    const b = new GatewayBuild([...base, gw, route('loose', ['*.com'], '/', 'v1', OLDER), route('tight', ['*.example.com'], '/', 'v2', NEWER)]);
    assert.deepEqual(order(b, '*.example.com'), ['/->v2']);
  });

  it('the stronger route passes what it does not match to the weaker one', () => {
    const gw = gateway('infra', 'gw', [httpListener('http', 8081, { hostname: 'abc.example.com' })]);
    const b = new GatewayBuild([...base, gw, route('wild', ['*.example.com'], '/path/prefix', 'v1', OLDER), route('exact', ['abc.example.com'], '/path', 'v2', NEWER, [{ name: 'header-a', value: 'A' }])]);
    const vh = b.routeConfig('infra/gw/http-8081')?.virtualHosts.find((v) => v.domains[0] === 'abc.example.com');
    assert.deepEqual(vh?.routes.map((r) => [r.match?.headers.map((h) => h.name).join(), r.route?.cluster?.split('/')[1]]), [['header-a', 'v2'], ['', 'v1']]);
  });
});

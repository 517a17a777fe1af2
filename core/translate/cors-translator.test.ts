import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Attributes } from '../dag/attributes.js';
import type { CorsPolicy, DagHttpListener, DagRoute, DagVirtualHost } from '../dag/dag-types.js';
import { CorsPolicy as EnvoyCorsPolicy } from '../generated/envoy/extensions/filters/http/cors/v3/cors.js';
import { HttpConnectionManager } from '../generated/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.js';
import { CORS_FILTER_NAME, corsPerRouteConfig } from './cors-translator.js';
import { translateHttpListener } from './listener-translator.js';
import { translateRouteConfiguration } from './route-translator.js';
import type { TranslateSettings } from './translate-settings.js';

const POLICY: CorsPolicy = {
  allowOrigins: [{ kind: 'exact', value: 'https://a.com' }, { kind: 'regex', value: 'https://[-a-z0-9.]+\\.b\\.com' }],
  allowMethods: ['GET', 'PUT'],
  allowHeaders: ['x-a'],
  exposeHeaders: [],
  allowCredentials: true,
  maxAgeSeconds: 60,
};

function host(cors?: CorsPolicy): DagVirtualHost {
  const r: DagRoute = { match: { kind: 'prefix', path: '/' }, action: { kind: 'direct', status: 200, body: '' }, owner: { kind: 'HTTPRoute', namespace: 'n', name: 'r' }, ownerRank: '', attributes: new Attributes(), ...(cors ? { cors } : {}) };
  return { host: 'a.com', routes: [r], attributes: new Attributes() };
}

const SETTINGS = { http: { address: '0.0.0.0', port: 80 }, https: { address: '0.0.0.0', port: 443 }, httpsRedirectPort: 443, connectTimeoutMs: 1000, accessLog: false } as TranslateSettings;

function filterNames(vh: DagVirtualHost): string[] {
  const l: DagHttpListener = { name: 'http', address: '0.0.0.0', port: 80, protocol: 'HTTP', routeConfigName: 'http', virtualHosts: new Map([[vh.host, vh]]), attributes: new Attributes() };
  const hcm = HttpConnectionManager.decode(translateHttpListener(l, SETTINGS).filterChains[0]!.filters[0]!.typedConfig!.value);
  return hcm.httpFilters.map((f) => f.name);
}

describe('CORS translation', () => {
  it('puts the CORS filter before the router only when a route of the listener has a policy', () => {
    assert.deepEqual(filterNames(host()), ['envoy.filters.http.router']);
    assert.deepEqual(filterNames(host(POLICY)), [CORS_FILTER_NAME, 'envoy.filters.http.router']);
  });

  it("gives the route the filter's per-route policy, lists joined", () => {
    const rc = translateRouteConfiguration('http', [host(POLICY)], [], { redirectPort: 443, perHostStats: false });
    const any = rc.virtualHosts[0]!.routes[0]!.typedPerFilterConfig[CORS_FILTER_NAME]!;
    assert.equal(any.typeUrl, 'type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy');
    const p = EnvoyCorsPolicy.decode(any.value);
    assert.deepEqual(p.allowOriginStringMatch.map((m) => m.exact ?? m.safeRegex?.regex), ['https://a.com', 'https://[-a-z0-9.]+\\.b\\.com']);
    assert.deepEqual([p.allowMethods, p.allowHeaders, p.exposeHeaders, p.maxAge, p.allowCredentials], ['GET, PUT', 'x-a', '', '60', true]);
    const plain = translateRouteConfiguration('http', [host()], [], { redirectPort: 443, perHostStats: false });
    assert.deepEqual(plain.virtualHosts[0]!.routes[0]!.typedPerFilterConfig, {});
  });

  it('says allowCredentials false outright', () => {
    assert.equal(EnvoyCorsPolicy.decode(corsPerRouteConfig({ ...POLICY, allowCredentials: false }).value).allowCredentials, false);
  });
});

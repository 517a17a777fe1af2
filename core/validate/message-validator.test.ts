import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Cluster } from '../generated/envoy/config/cluster/v3/cluster.js';
import { Route } from '../generated/envoy/config/route/v3/route_components.js';
import { RouteConfiguration } from '../generated/envoy/config/route/v3/route.js';
import { HttpConnectionManager } from '../generated/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.js';
import { Listener } from '../generated/envoy/config/listener/v3/listener.js';
import { packAny } from '../translate/any.js';
import { checkResource } from './large-resource.js';
import { validateMessage } from './message-validator.js';

const route = (partial: object) => validateMessage('envoy.config.route.v3.Route', Route.encode(Route.fromPartial(partial)).finish());
const forward = { match: { prefix: '/' }, route: { cluster: 'c' } };

describe('validateMessage: PGV rules from the descriptors', () => {
  const cases: Array<{ name: string; msg: object; want?: RegExp; path?: string }> = [
    { name: 'a plain forward', msg: forward },
    { name: 'CR/LF in prefix_rewrite (HTTP_HEADER_VALUE, not strict)', msg: { match: { prefix: '/' }, route: { cluster: 'c', prefixRewrite: '/a\r\nx: y' } }, want: /RouteActionValidationError\.PrefixRewrite: value does not match regex pattern for a header value/, path: 'route.prefix_rewrite' },
    { name: 'empty cluster name (min_len 1)', msg: { match: { prefix: '/' }, route: { cluster: '' } }, want: /RouteActionValidationError\.Cluster: value length must be at least 1 runes/ },
    { name: 'no action at all (oneof action required)', msg: { match: { prefix: '/' } }, want: /RouteValidationError\.Action: value is required/ },
    { name: 'no match (message required)', msg: { route: { cluster: 'c' } }, want: /RouteValidationError\.Match: value is required/ },
    { name: 'invalid RE2 in a safe_regex', msg: { match: { safeRegex: { regex: '/x(' } }, route: { cluster: 'c' } }, want: /RegexMatcherValidationError\.Regex: invalid RE2 regex/, path: 'match.safe_regex.regex' },
    { name: 'lookahead', msg: { match: { safeRegex: { regex: '/(?=a)' } }, route: { cluster: 'c' } }, want: /invalid RE2 regex/ },
    { name: 'repetition over RE2 limit', msg: { match: { safeRegex: { regex: 'a{2000}' } }, route: { cluster: 'c' } }, want: /invalid repeat count/ },
    { name: 'program too large', msg: { match: { safeRegex: { regex: '(abcdefghij){900}' } }, route: { cluster: 'c' } }, want: /too complex: RE2 program size/ },
    { name: 'substitution names a missing group', msg: { match: { prefix: '/' }, route: { cluster: 'c', regexRewrite: { pattern: { regex: '^/a(.*)' }, substitution: '/\\2' } } }, want: /refers to group \\2, but the regex has only 1/ },
    { name: 'header matcher name with a newline', msg: { match: { prefix: '/', headers: [{ name: 'x-a\nb', presentMatch: true }] }, route: { cluster: 'c' } }, want: /HeaderMatcherValidationError\.Name: value does not match regex pattern for a header name/, path: 'match.headers.0.name' },
    { name: 'weighted clusters with a zero-length list', msg: { match: { prefix: '/' }, route: { weightedClusters: { clusters: [] } } }, want: /WeightedClusterValidationError\.Clusters: value must contain at least 1 item/ },
    { name: 'retry count as a wrapper within range', msg: { match: { prefix: '/' }, route: { cluster: 'c', retryPolicy: { numRetries: 3, retryOn: '5xx' } } } },
    { name: 'negative timeout (duration gte 0)', msg: { match: { prefix: '/' }, route: { cluster: 'c', timeout: { seconds: -1, nanos: 0 } } }, want: /RouteActionValidationError\.Timeout: duration -1s 0ns is out of range/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const v = route(c.msg);
      if (!c.want) return assert.deepEqual(v, []);
      assert.ok(v.some((x) => c.want!.test(x.message)), JSON.stringify(v));
      if (c.path) assert.ok(v.some((x) => x.path.join('.') === c.path), JSON.stringify(v.map((x) => x.path.join('.'))));
    });
  }

  it('walks into Any: an HCM without stat_prefix inside a listener', () => {
    const hcm = HttpConnectionManager.fromPartial({ statPrefix: '', rds: { routeConfigName: 'r', configSource: { ads: {} } } });
    const l = Listener.fromPartial({
      name: 'l',
      address: { socketAddress: { address: '127.0.0.1', portValue: 80 } },
      filterChains: [{ filters: [{ name: 'hcm', typedConfig: packAny('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', HttpConnectionManager, hcm) }] }],
    });
    const v = validateMessage('envoy.config.listener.v3.Listener', Listener.encode(l).finish());
    assert.ok(v.some((x) => /HttpConnectionManagerValidationError\.StatPrefix: value length must be at least 1/.test(x.message)), JSON.stringify(v));
    assert.equal(v[0]!.path.slice(0, 4).join('.'), 'filter_chains.0.filters.0');
  });

  it('a port out of range in a cluster endpoint', () => {
    const c = Cluster.fromPartial({
      name: 'c',
      connectTimeout: { seconds: 1, nanos: 0 },
      loadAssignment: { clusterName: 'c', endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: '10.0.0.1', portValue: 70000 } } } }] }] },
    });
    const v = validateMessage('envoy.config.cluster.v3.Cluster', Cluster.encode(c).finish());
    assert.ok(v.some((x) => /SocketAddressValidationError\.PortValue: value must be less than or equal to 65535/.test(x.message)), JSON.stringify(v));
  });

  it('a route configuration path names the virtual host and route', () => {
    const rc = RouteConfiguration.fromPartial({ name: 'r', virtualHosts: [{ name: 'a', domains: ['a'], routes: [forward, { match: { prefix: '/' }, route: { cluster: '' } }] }] });
    const v = validateMessage('envoy.config.route.v3.RouteConfiguration', RouteConfiguration.encode(rc).finish());
    assert.deepEqual(v.map((x) => x.path.slice(0, 4)), [['virtual_hosts', 0, 'routes', 1]]);
  });
});

describe('checkResource: many-part resources, part by part', () => {
  const vh = (name: string, domain: string, cluster = 'c') => ({ name, domains: [domain], routes: [{ match: { prefix: '/' }, route: { cluster } }] });
  const rc = (hosts: object[]) => RouteConfiguration.encode(RouteConfiguration.fromPartial({ name: 'r', virtualHosts: hosts })).finish();

  it('finds a violation inside the i-th virtual host, with its path', () => {
    const v = checkResource('envoy.config.route.v3.RouteConfiguration', 'r', rc([vh('a', 'a'), vh('b', 'b', '')]));
    assert.deepEqual(v.map((x) => x.path.slice(0, 4)), [['virtual_hosts', 1, 'routes', 0]]);
  });

  it('refuses a domain claimed by two virtual hosts (case-insensitively)', () => {
    const v = checkResource('envoy.config.route.v3.RouteConfiguration', 'r', rc([vh('a', 'x.example.com'), vh('b', 'X.example.com')]));
    assert.ok(v.some((x) => /domain x\.example\.com appears twice/.test(x.message) && x.path.join('.') === 'virtual_hosts.1'), JSON.stringify(v));
  });

  it('refuses two filter chains with the same server name', () => {
    const chain = (host: string) => ({ filterChainMatch: { serverNames: [host] }, filters: [] });
    const l = Listener.encode(Listener.fromPartial({ name: 'l', address: { socketAddress: { address: '127.0.0.1', portValue: 443 } }, filterChains: [chain('a'), chain('b'), chain('a')] })).finish();
    const v = checkResource('envoy.config.listener.v3.Listener', 'l', l);
    assert.deepEqual(v.map((x) => x.path.join('.')), ['filter_chains.2']);
  });

  it('gives the same verdict as a whole-message walk for a valid resource', () => {
    const bytes = rc([vh('a', 'a'), vh('b', 'b')]);
    assert.deepEqual(checkResource('envoy.config.route.v3.RouteConfiguration', 'r', bytes), validateMessage('envoy.config.route.v3.RouteConfiguration', bytes));
  });
});

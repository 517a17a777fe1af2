import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonObject } from '../../plugins/sink-static/proto-json.js';
import { isXdsTypeName, referencedNames, renderText } from './xds-output.js';

const eds = (name: string, serviceName?: string): JsonObject => ({ name, type: 'EDS', edsClusterConfig: serviceName ? { serviceName } : {} });
const hcm = (routeConfigName: string): JsonObject => ({ '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', rds: { routeConfigName } });
const listener = (...filters: JsonObject[]): JsonObject => ({ name: 'l', filterChains: [{ filters: filters.map((typedConfig) => ({ name: 'hcm', typedConfig })) }] });
const tlsChain = (secret: string): JsonObject => ({
  transportSocket: { typedConfig: { commonTlsContext: { tlsCertificateSdsSecretConfigs: [{ name: secret, sdsConfig: { ads: {} } }] } } },
});

describe('referencedNames', () => {
  const cases: Array<[string, 'eds' | 'rds' | 'sds', JsonObject[], string[]]> = [
    ['EDS: service name, else cluster name; not other discovery types', 'eds', [eds('b', 'ns/b/http'), eds('a'), { name: 'dns', type: 'STRICT_DNS' }], ['a', 'ns/b/http']],
    ['RDS: every HTTP connection manager, deduplicated and sorted', 'rds', [listener(hcm('z'), hcm('a')), listener(hcm('a'))], ['a', 'z']],
    ['SDS: secret configs at any depth', 'sds', [{ name: 'l', filterChains: [tlsChain('s2'), tlsChain('s1')] }], ['s1', 's2']],
    ['nothing referred to', 'sds', [listener(hcm('a'))], []],
  ];
  for (const [what, type, resources, expected] of cases) {
    it(what, () => assert.deepEqual(referencedNames(type, resources), expected));
  }
});

describe('output', () => {
  it('renders a header with version, nonce, count and removals, then each resource', () => {
    const text = renderText({ type: 'eds', typeUrl: 'x', version: 'v1', nonce: 'n1', resources: [{ clusterName: 'a' }], removed: ['b'] });
    assert.equal(text, '# EDS version=v1 nonce=n1 resources=1 removed=b\n{\n  "clusterName": "a"\n}\n');
  });

  it('knows the five type names', () => {
    assert.deepEqual(['lds', 'rds', 'cds', 'eds', 'sds', 'vhds', 'toString'].map(isXdsTypeName), [true, true, true, true, true, false, false]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Listener } from '../generated/envoy/config/listener/v3/listener.js';
import type { Filter } from '../generated/envoy/config/listener/v3/listener_components.js';
import { TcpProxy } from '../generated/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.js';
import { HttpConnectionManager } from '../generated/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.js';
import { TypeUrl } from '../snapshot/snapshot.js';
import { packAny } from './any.js';
import { listenerClusterReferences } from './listener-cluster-refs.js';

const tcp = (config: Partial<TcpProxy>): Filter => ({
  name: 'envoy.filters.network.tcp_proxy',
  typedConfig: packAny('envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy', TcpProxy, TcpProxy.fromPartial({ statPrefix: 's', ...config })),
});
const hcm: Filter = {
  name: 'envoy.filters.network.http_connection_manager',
  typedConfig: packAny('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', HttpConnectionManager, HttpConnectionManager.fromPartial({ statPrefix: 'h' })),
};

describe('listenerClusterReferences', () => {
  const cases: Array<[string, Partial<Listener>, string[]]> = [
    ['HTTP routing only: none (routes list their clusters)', { filterChains: [{ filters: [hcm] } as never] }, []],
    ['a TCP proxy to one cluster', { filterChains: [{ filters: [hcm] } as never, { filters: [tcp({ cluster: 'ns/db/5432/x' })] } as never] }, ['ns/db/5432/x']],
    ['a TCP proxy over weighted clusters', { filterChains: [{ filters: [tcp({ weightedClusters: { clusters: [{ name: 'c1', weight: 1 }, { name: 'c2', weight: 3 }] } as never })] } as never] }, ['c1', 'c2']],
    ['the default filter chain too', { defaultFilterChain: { filters: [tcp({ cluster: 'fallback' })] } as never }, ['fallback']],
  ];
  for (const [what, partial, want] of cases) {
    it(what, () => {
      const refs = listenerClusterReferences(Listener.fromPartial({ name: 'l', ...partial }));
      assert.deepEqual(refs.map((r) => r.name), want);
      for (const r of refs) assert.deepEqual([r.type, r.referrer], [TypeUrl.Cluster, { type: TypeUrl.Listener, name: 'l' }]);
    });
  }
});

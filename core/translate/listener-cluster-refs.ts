import type { Listener } from '../generated/envoy/config/listener/v3/listener.js';
import { TcpProxy } from '../generated/envoy/extensions/filters/network/tcp_proxy/v3/tcp_proxy.js';
import type { Reference } from '../snapshot/consistency.js';
import { TypeUrl } from '../snapshot/snapshot.js';

const TCP_PROXY = 'type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy';

/**
 * The clusters a listener names itself, which no route lists: those of the TCP proxies feature hooks put
 * in its filter chains (tcp-proxy, TLS passthrough). Read from the translated listener, so whatever a
 * hook wrote is found; only TCP proxy filters are decoded.
 */
export function listenerClusterReferences(listener: Listener): Reference[] {
  const refs: Reference[] = [];
  const referrer = { type: TypeUrl.Listener, name: listener.name };
  const chains = listener.defaultFilterChain ? [...listener.filterChains, listener.defaultFilterChain] : listener.filterChains;
  for (const chain of chains) {
    for (const filter of chain.filters) {
      if (filter.typedConfig?.typeUrl !== TCP_PROXY) continue;
      const tcp = TcpProxy.decode(filter.typedConfig.value);
      const names = tcp.cluster ? [tcp.cluster] : (tcp.weightedClusters?.clusters ?? []).map((c) => c.name);
      const from = `listener ${listener.name} chain ${chain.name || (chain.filterChainMatch?.serverNames ?? []).join(',')}`;
      for (const name of names) refs.push({ from, type: TypeUrl.Cluster, name, referrer });
    }
  }
  return refs;
}

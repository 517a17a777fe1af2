import { Listener } from '../generated/envoy/config/listener/v3/listener.js';
import { FilterChain, type Filter } from '../generated/envoy/config/listener/v3/listener_components.js';
import { runHooks, type TranslatorHooks } from './translator-hooks.js';
import {
  HttpConnectionManager,
  HttpConnectionManager_CodecType,
} from '../generated/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager.js';
import { Router } from '../generated/envoy/extensions/filters/http/router/v3/router.js';
import { TlsInspector } from '../generated/envoy/extensions/filters/listener/tls_inspector/v3/tls_inspector.js';
import { Config as DirectResponseConfig } from '../generated/envoy/extensions/filters/network/direct_response/v3/config.js';
import { DownstreamTlsContext } from '../generated/envoy/extensions/transport_sockets/tls/v3/tls.js';
import { CertificateValidationContext, CertificateValidationContext_TrustChainVerification, TlsParameters_TlsProtocol } from '../generated/envoy/extensions/transport_sockets/tls/v3/common.js';
import { StdoutAccessLog } from '../generated/envoy/extensions/access_loggers/stream/v3/stream.js';
import { chainHosts, type DagHttpListener, type DagHttpsListener, type DagSecureVirtualHost, type ListenerDefinition } from '../dag/dag-types.js';
import { corsHttpFilter, hostsUseCors } from './cors-translator.js';
import { packAny } from './any.js';
import { xdsConfigSource } from './config-source.js';
import { secureRouteConfigName } from './names.js';
import type { TranslateSettings } from './translate-settings.js';
import { sortedBy } from '../util/compare.js';
import { refOfStored, type ObjectRef } from '../model/k8s-object.js';
import { provenanceOf, type Provenance } from './provenance.js';
import { unguarded, type Guard } from './route-translator.js';

/** An HTTP listener: one connection manager whose routes (all its hosts) come over RDS. */
export function translateHttpListener(l: DagHttpListener, s: TranslateSettings): Listener {
  return Listener.fromPartial({
    name: l.name,
    address: socketAddress(l),
    filterChains: [{ filters: [httpConnectionManager(l.name, l.routeConfigName, s, l.keepHostPort === true, hostsUseCors(l.virtualHosts.values()))] }],
  });
}

/** One filter chain per TLS host, chosen by SNI; undefined when no host has TLS (Envoy rejects a listener without chains). */
export function translateHttpsListener(
  l: DagHttpsListener,
  s: TranslateSettings,
  hooks: readonly TranslatorHooks[],
  guard: Guard = unguarded,
  provenance?: Provenance,
): Listener | undefined {
  const chains: FilterChain[] = [];
  const owners: Provenance[] = [];
  for (const vh of sortedBy(l.virtualHosts.values(), (v) => v.host)) {
    const who = secureHostOwners(vh);
    const chain = guard(who[0]!, () => {
      const c = secureChain(l, vh, s, hooks);
      FilterChain.encode(c);
      return c;
    });
    if (!chain) continue;
    chains.push(chain);
    owners.push(provenanceOf(who));
  }
  if (provenance) provenance.children = { filter_chains: owners };
  if (chains.length === 0) return undefined;
  // SNI is read only where a chain is chosen by it: a listener whose one chain takes every connection
  // must not wait for the client's first bytes (a protocol where the server speaks first would hang).
  const bySni = chains.some((c) => c.filterChainMatch !== undefined);
  return Listener.fromPartial({
    name: l.name,
    address: socketAddress(l),
    ...(bySni ? { listenerFilters: [TLS_INSPECTOR] } : {}),
    filterChains: chains,
  });
}

const TLS_INSPECTOR = { name: 'envoy.filters.listener.tls_inspector', typedConfig: packAny('envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector', TlsInspector, TlsInspector.fromPartial({})) };

/** Who made a TLS host's chain: the object that claimed the host, else the owners of its routes. */
function secureHostOwners(vh: DagSecureVirtualHost): ObjectRef[] {
  if (vh.origin) return [refOfStored(vh.origin.object)];
  const refs = vh.routes.map((r) => r.owner);
  return refs.length > 0 ? refs : [{ kind: 'Secret', namespace: vh.secret?.name.split('/')[0] ?? '', name: vh.secret?.name.split('/')[1] ?? '' }];
}

const TLS_VERSIONS = { '1.1': TlsParameters_TlsProtocol.TLSv1_1, '1.2': TlsParameters_TlsProtocol.TLSv1_2, '1.3': TlsParameters_TlsProtocol.TLSv1_3 } as const;

/** The host's chain: HTTP routes behind TLS termination. Features may rewrite it (tcp-proxy, passthrough). */
function secureChain(l: DagHttpsListener, vh: DagSecureVirtualHost, s: TranslateSettings, hooks: readonly TranslatorHooks[]): FilterChain {
  const chain = FilterChain.fromPartial({
    // The catch-all TLS host takes every connection no other chain's SNI names (and those without SNI).
    ...(vh.host === '*' ? {} : { filterChainMatch: { serverNames: [vh.host] } }),
    filters: [httpConnectionManager(`${l.name}/${vh.host}`, secureRouteConfigName(l, vh.host), s, l.keepHostPort === true, hostsUseCors(chainHosts(vh)))],
  });
  if (vh.secret) {
    const tls = DownstreamTlsContext.fromPartial({
      commonTlsContext: {
        tlsParams: { tlsMinimumProtocolVersion: TLS_VERSIONS[vh.minTlsVersion ?? '1.2'] },
        tlsCertificateSdsSecretConfigs: [{ name: vh.secret.name, sdsConfig: xdsConfigSource(s.xdsConfigSource) }],
        alpnProtocols: ['h2', 'http/1.1'],
        ...(vh.clientValidation ? { validationContext: clientValidationContext(vh.clientValidation) } : {}),
      },
      ...(vh.clientValidation ? { requireClientCertificate: vh.clientValidation.mode === 'require' } : {}),
    });
    chain.transportSocket = { name: 'envoy.transport_sockets.tls', typedConfig: packAny('envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext', DownstreamTlsContext, tls) };
  }
  runHooks(hooks, 'secureFilterChain', vh, chain);
  if (vh.refuse) {
    chain.filters = [CLOSE_CONNECTION];
    chain.transportSocket = undefined;
  }
  return chain;
}

/** The CAs a client certificate is checked against; 'optional' lets a failed check through. */
function clientValidationContext(v: NonNullable<DagSecureVirtualHost['clientValidation']>): CertificateValidationContext {
  return CertificateValidationContext.fromPartial({
    trustedCa: { inlineString: v.caPem },
    ...(v.mode === 'optional' ? { trustChainVerification: CertificateValidationContext_TrustChainVerification.ACCEPT_UNTRUSTED } : {}),
  });
}

/** Envoy's direct response filter with nothing to send: it closes every connection it is given. */
const CLOSE_CONNECTION: Filter = {
  name: 'envoy.filters.network.direct_response',
  typedConfig: packAny('envoy.extensions.filters.network.direct_response.v3.Config', DirectResponseConfig, DirectResponseConfig.fromPartial({})),
} as Filter;

/** `cors`: some route of it has a CORS policy, so the CORS filter runs before the router (and only then). */
function httpConnectionManager(statPrefix: string, routeConfigName: string, s: TranslateSettings, keepHostPort: boolean, cors: boolean): Filter {
  const router = { name: 'envoy.filters.http.router', typedConfig: packAny('envoy.extensions.filters.http.router.v3.Router', Router, Router.fromPartial({})) };
  const hcm = HttpConnectionManager.fromPartial({
    statPrefix,
    codecType: HttpConnectionManager_CodecType.AUTO,
    rds: { configSource: xdsConfigSource(s.xdsConfigSource), routeConfigName },
    // Hosts match with or without a port in the Host header, as they do in Kubernetes: the port is stripped,
    // or (keepHostPort) kept for the backend and ignored by the route configuration's host matching.
    stripAnyHostPort: !keepHostPort,
    useRemoteAddress: true,
    normalizePath: true,
    mergeSlashes: true,
    httpFilters: cors ? [corsHttpFilter(), router] : [router],
    accessLog: s.accessLog
      ? [{ name: 'envoy.access_loggers.stdout', typedConfig: packAny('envoy.extensions.access_loggers.stream.v3.StdoutAccessLog', StdoutAccessLog, StdoutAccessLog.fromPartial({})) }]
      : [],
  });
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typedConfig: packAny('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', HttpConnectionManager, hcm),
  } as Filter;
}

function socketAddress(l: ListenerDefinition): Listener['address'] {
  return { socketAddress: { address: l.address, portValue: l.port } } as Listener['address'];
}

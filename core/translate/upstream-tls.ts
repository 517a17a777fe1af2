import type { TransportSocket } from '../generated/envoy/config/core/v3/base.js';
import type { ConfigSource } from '../generated/envoy/config/core/v3/config_source.js';
import { SubjectAltNameMatcher_SanType } from '../generated/envoy/extensions/transport_sockets/tls/v3/common.js';
import { UpstreamTlsContext } from '../generated/envoy/extensions/transport_sockets/tls/v3/tls.js';
import type { SubjectAltName, UpstreamTls } from '../dag/dag-types.js';
import { packAny } from './any.js';

const TLS_SOCKET = 'envoy.transport_sockets.tls';
const UPSTREAM_TLS_CONTEXT = 'envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext';

const SAN_TYPES = { dns: SubjectAltNameMatcher_SanType.DNS, uri: SubjectAltNameMatcher_SanType.URI } as const;

/**
 * A cluster's TLS to its backend: the SNI, the trusted CAs, and the names the certificate must carry (the
 * SNI name itself unless other names are given; Envoy matches a DNS name against wildcard SANs as RFC 6125
 * says). ALPN offers the one protocol the cluster speaks, so a backend that could do both picks that one.
 */
export function upstreamTlsSocket(tls: UpstreamTls, http2: boolean, sdsConfig?: ConfigSource): TransportSocket {
  const names: readonly SubjectAltName[] = tls.subjectAltNames?.length ? tls.subjectAltNames : [{ kind: 'dns', value: tls.sni }];
  const context = UpstreamTlsContext.fromPartial({
    sni: tls.sni,
    commonTlsContext: {
      alpnProtocols: [http2 ? 'h2' : 'http/1.1'],
      // The client certificate comes over SDS, as the listeners' do.
      ...(tls.clientCertificate ? { tlsCertificateSdsSecretConfigs: [{ name: tls.clientCertificate, sdsConfig }] } : {}),
      validationContext: {
        trustedCa: { inlineString: tls.caPem },
        matchTypedSubjectAltNames: names.map((n) => ({ sanType: SAN_TYPES[n.kind], matcher: { exact: n.value } })),
      },
    },
  });
  return { name: TLS_SOCKET, typedConfig: packAny(UPSTREAM_TLS_CONTEXT, UpstreamTlsContext, context) };
}

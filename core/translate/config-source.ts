import { ApiConfigSource_ApiType, ApiVersion, ConfigSource } from '../generated/envoy/config/core/v3/config_source.js';

/** Name of the static cluster through which an Envoy bootstrap reaches isobar's xDS server. */
export const XDS_CLUSTER_NAME = 'isobar';

/**
 * How resources refer to the RDS, EDS and SDS resources they need. No one form serves every client:
 * - 'ads': over the client's ADS stream. Envoy with ads_config (state of the world or delta) and
 *   proxyless gRPC; an Envoy without ads_config (per-type lds_config/cds_config) rejects it.
 * - 'grpc': a per-type gRPC stream to the XDS_CLUSTER_NAME cluster. Envoy with per-type bootstraps, and
 *   Envoy with ADS bootstraps too (it opens extra per-type streams); proxyless gRPC rejects it.
 * (`self`, which would mean "the server this came from", is not implemented by Envoy: it refuses to start.)
 */
export type XdsConfigSourceKind = 'ads' | 'grpc';

export function xdsConfigSource(kind: XdsConfigSourceKind = 'ads'): ConfigSource {
  if (kind === 'ads') return adsConfigSource();
  return ConfigSource.fromPartial({
    apiConfigSource: {
      apiType: ApiConfigSource_ApiType.GRPC,
      transportApiVersion: ApiVersion.V3,
      grpcServices: [{ envoyGrpc: { clusterName: XDS_CLUSTER_NAME } }],
      setNodeOnFirstMessageOnly: true,
    },
    resourceApiVersion: ApiVersion.V3,
  });
}

/** Resources that refer to other resources (RDS, EDS, SDS) fetch them over the same ADS stream. */
export function adsConfigSource(): ConfigSource {
  return ConfigSource.fromPartial({ ads: {}, resourceApiVersion: ApiVersion.V3 });
}

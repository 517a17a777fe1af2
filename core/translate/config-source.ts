import { ApiVersion, ConfigSource } from '../generated/envoy/config/core/v3/config_source.js';

/** Resources that refer to other resources (RDS, EDS, SDS) fetch them over the same ADS stream. */
export function adsConfigSource(): ConfigSource {
  return ConfigSource.fromPartial({ ads: {}, resourceApiVersion: ApiVersion.V3 });
}

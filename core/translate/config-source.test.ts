import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiConfigSource_ApiType, ApiVersion } from '../generated/envoy/config/core/v3/config_source.js';
import { XDS_CLUSTER_NAME, xdsConfigSource } from './config-source.js';

describe('xdsConfigSource', () => {
  it("'ads' (the default) points at the client's ADS stream", () => {
    for (const source of [xdsConfigSource(), xdsConfigSource('ads')]) {
      assert.deepEqual(source.ads, {});
      assert.equal(source.apiConfigSource, undefined);
      assert.equal(source.resourceApiVersion, ApiVersion.V3);
    }
  });

  it("'grpc' points at a per-type gRPC stream to the bootstrap's xDS cluster", () => {
    const source = xdsConfigSource('grpc');
    assert.equal(source.ads, undefined);
    assert.equal(source.apiConfigSource?.apiType, ApiConfigSource_ApiType.GRPC);
    assert.equal(source.apiConfigSource?.transportApiVersion, ApiVersion.V3);
    assert.equal(source.apiConfigSource?.grpcServices[0]?.envoyGrpc?.clusterName, XDS_CLUSTER_NAME);
    assert.equal(source.resourceApiVersion, ApiVersion.V3);
  });
});

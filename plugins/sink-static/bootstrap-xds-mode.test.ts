import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envoy, IsobarError } from '../../core/index.js';
import { buildBootstrap, XDS_CLUSTER_NAME, type BootstrapOptions, type XdsMode } from './bootstrap-writer.js';

const base: BootstrapOptions = { xdsAddress: '127.0.0.1', xdsPort: 8001, nodeId: 'node-1', nodeCluster: 'edge', adminPort: 9901 };
const { GRPC, DELTA_GRPC } = envoy.ApiConfigSource_ApiType;

describe('buildBootstrap xdsMode', () => {
  const cases: { mode: XdsMode | undefined; adsType?: envoy.ApiConfigSource_ApiType; perType: boolean }[] = [
    { mode: undefined, adsType: GRPC, perType: false },
    { mode: 'ads', adsType: GRPC, perType: false },
    { mode: 'delta-ads', adsType: DELTA_GRPC, perType: false },
    { mode: 'per-type', perType: true },
  ];
  for (const c of cases) {
    it(`${c.mode ?? 'default'}: ${c.perType ? 'LDS and CDS streams of their own, no ADS' : 'one ADS stream'}`, () => {
      const d = buildBootstrap(c.mode ? { ...base, xdsMode: c.mode } : base).dynamicResources!;
      assert.equal(d.adsConfig?.apiType, c.adsType);
      for (const source of [d.ldsConfig!, d.cdsConfig!]) {
        assert.equal(source.resourceApiVersion, envoy.ApiVersion.V3);
        if (!c.perType) {
          assert.deepEqual(source.ads, {});
          continue;
        }
        assert.equal(source.ads, undefined);
        const api = source.apiConfigSource!;
        assert.deepEqual([api.apiType, api.transportApiVersion], [GRPC, envoy.ApiVersion.V3]);
        assert.equal(api.grpcServices[0]?.envoyGrpc?.clusterName, XDS_CLUSTER_NAME);
        assert.ok(api.grpcServices[0]?.envoyGrpc?.retryPolicy?.retryBackOff, 'reconnects with backoff');
      }
    });
  }

  it('refuses an unknown mode', () => {
    assert.throws(() => buildBootstrap({ ...base, xdsMode: 'rest' as XdsMode }), (e: unknown) => e instanceof IsobarError && /xDS mode "rest"/.test(e.message));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../../config/load-config.js';
import type { FleetIntent } from './fleet-intents.js';
import { fleetDeployment, fleetSecret, fleetService } from './fleet-manifests.js';

const settings = loadConfig(undefined, { 'gatewayApi.fleets': true, 'gatewayApi.xdsClientSecret': 'isobar/xds-client' }).gatewayApi;
const intent = (infrastructure: FleetIntent['infrastructure']): FleetIntent => ({
  gateway: { namespace: 'apps', name: 'web', uid: 'u-1' },
  fleet: 'gateway/apps/web',
  ports: [{ port: 80, bindPort: 10080 }],
  infrastructure,
});

type Meta = { labels: Record<string, string>; annotations?: Record<string, string> };

describe('Gateway fleet manifests', () => {
  it('carry the Gateway\'s infrastructure labels and annotations on every object and on its pods', () => {
    const i = intent({ labels: { team: 'web', 'isobar.io/gateway': 'taken-over' }, annotations: { 'example.com/cost-centre': '42' } });
    const deployment = fleetDeployment(i, settings) as unknown as { metadata: Meta; spec: { selector: { matchLabels: Record<string, string> }; template: { metadata: Meta } } };
    const all: Meta[] = [deployment.metadata, deployment.spec.template.metadata, fleetService(i, settings).metadata as unknown as Meta, fleetSecret(i, {}).metadata as unknown as Meta];
    for (const m of all) {
      assert.equal(m.labels.team, 'web');
      assert.equal(m.labels['gateway.networking.k8s.io/gateway-name'], 'web');
      assert.deepEqual(m.annotations, { 'example.com/cost-centre': '42' });
    }
    const selector = deployment.spec.selector.matchLabels['isobar.io/gateway'];
    assert.equal(deployment.spec.template.metadata.labels['isobar.io/gateway'], selector, 'a Gateway label cannot take over the one the selectors use');
    assert.notEqual(selector, 'taken-over');
  });

  it('have no annotations when the Gateway asks for none', () => {
    const m = fleetService(intent({ labels: {}, annotations: {} }), settings).metadata as unknown as Meta;
    assert.equal(m.annotations, undefined);
  });
});

import assert from 'node:assert/strict';
import type { EchoApp } from './echo-app.js';
import type { NetnsClient } from './netns-client.js';
import { eventually } from './node-cluster.js';

/**
 * From `client`'s network namespace through `url` (an Envoy Service's node port): the app's Ingress host and
 * IngressRoute host are each answered by one of its echo pods, which saw that host; an unknown host is 404.
 */
export async function assertRoutesToEchoPods(client: NetnsClient, url: string, app: EchoApp): Promise<void> {
  const pods = new Set(await app.podNames());
  for (const hostName of [app.ingressHost, app.ingressRouteHost]) {
    const seen = await eventually(`${hostName} served by an echo pod`, async () => {
      const r = await client.get(url, hostName);
      return r.status === 200 ? (JSON.parse(r.body) as { pod: string; host: string }) : undefined;
    });
    assert.ok(pods.has(seen.pod), `${seen.pod} is one of the echo pods ${[...pods].join(', ')}`);
    assert.equal(seen.host, hostName);
  }
  assert.equal((await client.get(url, 'nobody.cluster.test')).status, 404, 'a host no Ingress names is not routed');
}

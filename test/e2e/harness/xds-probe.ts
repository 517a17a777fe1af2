/** Test support: can this xDS client, with these credentials, get an answer from an xDS server? */
import * as grpc from '@grpc/grpc-js';
import { envoy, TypeUrl } from '../../../core/index.js';

export type ProbeResult =
  | { answered: true; typeUrl: string; resources: number }
  | { answered: false; code: grpc.status; details: string };

/**
 * Opens an ADS stream to 127.0.0.1:port with `credentials` (e.g. grpc.credentials.createSsl(ca, key, cert)),
 * asks for every cluster, and reports the first response, or how the call ended without one (a refused
 * TLS handshake ends it UNAVAILABLE). Never hangs past `timeoutMs`.
 */
export function probeAds(port: number, credentials: grpc.ChannelCredentials, options: { serverName?: string; timeoutMs?: number } = {}): Promise<ProbeResult> {
  const { serverName = 'isobar', timeoutMs = 5000 } = options;
  const Client = grpc.makeClientConstructor(envoy.AggregatedDiscoveryServiceService, 'AggregatedDiscoveryService');
  // The name to send as SNI and to check isobar's certificate against (with TLS), rather than the IP dialled.
  const client = new Client(`127.0.0.1:${port}`, credentials, { 'grpc.ssl_target_name_override': serverName, 'grpc.default_authority': serverName });
  const open = (client as unknown as Record<string, (o: grpc.CallOptions) => grpc.ClientDuplexStream<envoy.DiscoveryRequest, envoy.DiscoveryResponse>>)[
    'streamAggregatedResources'
  ]!;
  const call = open.call(client, { deadline: Date.now() + timeoutMs });
  return new Promise<ProbeResult>((resolve) => {
    call.on('data', (r: envoy.DiscoveryResponse) => {
      resolve({ answered: true, typeUrl: r.typeUrl, resources: r.resources.length });
      call.cancel();
    });
    call.on('error', () => {}); // reported through 'status'
    call.on('status', (s: grpc.StatusObject) => resolve({ answered: false, code: s.code, details: s.details }));
    call.write(envoy.DiscoveryRequest.fromPartial({ typeUrl: TypeUrl.Cluster, node: { id: 'xds-probe', cluster: 'test' } }));
  }).finally(() => client.close());
}

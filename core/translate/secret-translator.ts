import { Secret } from '../generated/envoy/extensions/transport_sockets/tls/v3/secret.js';
import type { DagSecret } from '../dag/dag-types.js';

export function translateSecret(s: DagSecret): Secret {
  return Secret.fromPartial({
    name: s.name,
    tlsCertificate: { certificateChain: { inlineString: s.certificateChain }, privateKey: { inlineString: s.privateKey } },
  });
}

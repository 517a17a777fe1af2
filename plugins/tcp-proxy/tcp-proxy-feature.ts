import { injectable } from 'inversify';
import type { Feature, TranslatorHooks } from '../../core/index.js';
import { tcpProxyChain } from './tcp-proxy-chain.js';
import { TcpProxyProcessor } from './tcp-proxy-processor.js';

/**
 * IngressRoute `spec.tcpproxy`: TCP proxying behind TLS termination, and TLS passthrough by SNI
 * (`virtualhost.tls.passthrough`). Core follows the tcpproxy delegation and makes the hosts; this
 * feature resolves the services and turns the host's HTTPS filter chain into a TCP proxy.
 */
@injectable()
export class TcpProxyFeature implements Feature {
  readonly id = 'tcp-proxy';
  readonly processor = new TcpProxyProcessor();
  readonly hooks: TranslatorHooks = { secureFilterChain: tcpProxyChain };
}

import { KubeConfig } from '@kubernetes/client-node';
import { inject, injectable } from 'inversify';
import { ConfigId, IsobarError, type IsobarConfig } from '../../core/index.js';
import { KubeClient } from './kube-client.js';

/**
 * The one API client the Kubernetes source, the status writer and leader election share. Credentials:
 * `sourceK8s.inCluster` → the pod's service account; `sourceK8s.kubeconfig` → that file; else the
 * usual lookup ($KUBECONFIG, ~/.kube/config, then the in-cluster service account).
 */
@injectable()
export class KubeConnection {
  private clientValue: KubeClient | undefined;

  constructor(@inject(ConfigId) private readonly config: IsobarConfig) {}

  get client(): KubeClient {
    this.clientValue ??= new KubeClient(this.loadKubeConfig());
    return this.clientValue;
  }

  close(): void {
    this.clientValue?.close();
  }

  private loadKubeConfig(): KubeConfig {
    const c = this.config.sourceK8s;
    const kc = new KubeConfig();
    try {
      if (c.inCluster) kc.loadFromCluster();
      else if (c.kubeconfig) kc.loadFromFile(c.kubeconfig);
      else kc.loadFromDefault();
      if (c.context) kc.setCurrentContext(c.context);
    } catch (err) {
      const where = c.inCluster ? 'the in-cluster service account' : c.kubeconfig ? `kubeconfig ${c.kubeconfig} (sourceK8s.kubeconfig)` : 'the default kubeconfig';
      throw new IsobarError('CONFIG_INVALID', `cannot load Kubernetes credentials from ${where}: ${(err as Error).message}`);
    }
    if (!kc.getCurrentCluster()) {
      throw new IsobarError('CONFIG_INVALID', `no Kubernetes cluster configured${c.context ? ` for context "${c.context}" (sourceK8s.context)` : ''}: set sourceK8s.kubeconfig or run in a pod with sourceK8s.inCluster`);
    }
    return kc;
  }
}

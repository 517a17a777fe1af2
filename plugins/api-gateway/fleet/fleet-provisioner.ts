import { inject, injectable, optional } from 'inversify';
import { ConfigId, KubeApi, Leadership, LoggerId, stableStringify, type IsobarConfig, type Lifecycle, type Logger, type StatusWriter } from '../../../core/index.js';
import { FleetIntents, type FleetIntent } from './fleet-intents.js';
import { fleetDeployment, fleetSecret, fleetService } from './fleet-manifests.js';

type Manifest = ReturnType<typeof fleetService>;

const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

function path(m: Manifest): string {
  const { namespace, name } = m.metadata;
  const base = m.apiVersion === 'v1' ? '/api/v1' : `/apis/${m.apiVersion}`;
  const plural = m.kind === 'Deployment' ? 'deployments' : m.kind === 'Service' ? 'services' : 'secrets';
  return `${base}/namespaces/${namespace}/${plural}/${name}`;
}

/**
 * Gives each Gateway its Envoy fleet in the cluster (gatewayApi.fleets): after every build, the leader
 * applies the Deployment, Service and xDS client Secret each Gateway of isobar's classes wants
 * (server-side apply, field manager isobar), skipping those it already applied as they are. Only the
 * leader writes: during a rolling update the old replicas' config must not undo the new ones'; a new
 * leader applies everything once, whatever the last one did. The Gateway owns them, so deleting it deletes them; a Gateway that
 * stops being isobar's gets them deleted here.
 */
@injectable()
export class FleetProvisioner implements StatusWriter, Lifecycle {
  readonly id = 'gateway-fleets';
  private readonly log: Logger;
  /** Gateway key → fingerprint of what was applied, and the objects (to delete them when the Gateway goes). */
  private readonly applied = new Map<string, { fingerprint: string; paths: string[] }>();
  private running: Promise<void> | undefined;
  private again = false;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private clientSecret: Record<string, string> | undefined;

  constructor(
    @inject(ConfigId) private readonly config: IsobarConfig,
    @inject(LoggerId) logger: Logger,
    @inject(FleetIntents) private readonly intents: FleetIntents,
    @inject(KubeApi) @optional() private readonly kube?: KubeApi,
    @inject(Leadership) @optional() private readonly leadership?: Leadership,
  ) {
    this.log = logger.child({ component: 'gateway-fleets' });
    leadership?.onChange((leader) => {
      this.applied.clear();
      if (leader) this.statuses();
    });
  }

  onStart(): void {
    if (this.config.gatewayApi.fleets && this.kube) this.leadership?.start();
  }

  statuses(): void {
    if (!this.config.gatewayApi.fleets || !this.kube || this.stopped) return;
    if (this.leadership && !this.leadership.isLeader) return;
    if (this.running) this.again = true;
    else this.running = this.sync().finally(() => (this.running = undefined));
  }

  onStop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async sync(): Promise<void> {
    do {
      this.again = false;
      const failed = await this.apply(this.intents.get());
      if (failed.length === 0) {
        this.failures = 0;
        continue;
      }
      // The others were applied; only the failed ones are tried again, later.
      const delay = RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)]!;
      this.log.warn({ gateways: failed, retryInMs: delay }, `could not apply the Envoy fleet of ${failed.join(', ')}; retrying`);
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.statuses(), delay);
      return;
    } while (this.again && !this.stopped);
  }

  /** Applies every Gateway's fleet, each on its own (one that fails never holds up another); returns those that failed. */
  private async apply(intents: readonly FleetIntent[]): Promise<string[]> {
    const wanted = new Set<string>();
    const failed: string[] = [];
    const attempt = async (key: string, work: () => Promise<void>) => {
      try {
        await work();
      } catch (err) {
        failed.push(key);
        this.log.warn({ gateway: key, err: (err as Error).message }, `Envoy fleet of Gateway ${key}: ${(err as Error).message}`);
      }
    };
    for (const i of intents) {
      if (this.leadership && !this.leadership.isLeader) return failed;
      const key = `${i.gateway.namespace}/${i.gateway.name}`;
      wanted.add(key);
      await attempt(key, async () => {
        const manifests = await this.manifests(i);
        const fingerprint = stableStringify(manifests);
        if (this.applied.get(key)?.fingerprint === fingerprint) return;
        for (const m of manifests) await this.kube!.request('PATCH', path(m), { query: { fieldManager: 'isobar', force: true }, body: m, contentType: 'application/apply-patch+yaml' });
        this.applied.set(key, { fingerprint, paths: manifests.map(path) });
        this.log.info({ gateway: key, objects: manifests.map((m) => `${m.kind} ${m.metadata.name}`) }, `Envoy fleet of Gateway ${key} applied`);
      });
    }
    for (const [key, { paths }] of [...this.applied]) {
      if (wanted.has(key)) continue;
      await attempt(key, async () => {
        for (const p of paths) {
          // Already gone (the garbage collector, or a person) is what was wanted.
          await this.kube!.request('DELETE', p).catch((err: { status?: number }) => {
            if (err.status !== 404) throw err;
          });
        }
        this.applied.delete(key);
        this.log.info({ gateway: key }, `Envoy fleet of Gateway ${key} removed: it is no longer isobar's, or has nothing to serve`);
      });
    }
    return failed;
  }

  private async manifests(i: FleetIntent): Promise<Manifest[]> {
    const s = this.config.gatewayApi;
    const out = [fleetService(i, s), fleetDeployment(i, s)];
    if (s.xdsClientSecret) out.unshift(fleetSecret(i, await this.secretData(s.xdsClientSecret)));
    return out;
  }

  /** The xDS client certificate isobar copies, read once (a failure is retried with the whole sync). */
  private async secretData(ref: string): Promise<Record<string, string>> {
    if (this.clientSecret) return this.clientSecret;
    const [ns, name] = ref.split('/');
    const r = await this.kube!.request<{ data?: Record<string, string> }>('GET', `/api/v1/namespaces/${ns}/secrets/${name}`);
    const data = r.body.data ?? {};
    const missing = ['ca.crt', 'tls.crt', 'tls.key'].filter((k) => !data[k]);
    if (missing.length > 0) throw new Error(`Secret ${ref} (gatewayApi.xdsClientSecret) lacks ${missing.join(', ')}`);
    this.clientSecret = { 'ca.crt': data['ca.crt']!, 'tls.crt': data['tls.crt']!, 'tls.key': data['tls.key']! };
    return this.clientSecret;
  }
}

import { inject, injectable, multiInject, optional } from 'inversify';
import type { IsobarConfig } from '../../config/schema.js';
import { HostClaimer, PROCESSOR_ORDER, type BuildContext, type Processor } from '../container/contribution-points.js';
import { ConfigId } from '../container/plugin.js';
import type { StoredObject } from '../model/k8s-object.js';
import type { StoreReader } from '../store/object-store.js';
import type { StatusRecorder } from '../status/status-recorder.js';
import { HostOwnership, type HostClaim } from './host-ownership.js';
import { rankOf } from './object-rank.js';

/** One ownership per build: keyed by the build's status recorder, which every context of one build shares. */
const perBuild = new WeakMap<StatusRecorder, HostOwnership>();

/**
 * Decides who owns every host before any routing API's processor runs, from the claims of every API
 * (HostClaimer): an Ingress in one namespace and an IngressRoute in another compete for the same host.
 */
@injectable()
export class HostOwnershipProcessor implements Processor {
  readonly id = 'host-ownership';
  readonly order = PROCESSOR_ORDER.hostOwnership;

  constructor(
    @multiInject(HostClaimer) @optional() private readonly claimers: HostClaimer[] = [],
    @inject(ConfigId) @optional() private readonly config?: IsobarConfig,
  ) {}

  run(ctx: BuildContext): void {
    perBuild.set(ctx.status, new HostOwnership(collectHostClaims(ctx.store, this.claimers), this.config?.tenancy.hostOwnership ?? 'namespace'));
  }
}

/** The host ownership of this build (HostOwnershipProcessor runs before every routing API's processor). */
export function hostOwnership(ctx: BuildContext): HostOwnership {
  const ownership = perBuild.get(ctx.status);
  if (!ownership) throw new Error('host ownership is decided by HostOwnershipProcessor, which did not run in this build');
  return ownership;
}

/** Every host claim of every object of every claiming kind in the store. */
export function collectHostClaims(store: StoreReader, claimers: readonly HostClaimer[]): HostClaim[] {
  const claims: HostClaim[] = [];
  for (const claimer of claimers) {
    for (const obj of store.list(claimer.kind)) {
      const rank = rankOf(obj);
      const namespace = obj.object.metadata.namespace ?? '';
      const ref = { kind: obj.object.kind, namespace, name: obj.object.metadata.name };
      for (const host of claimer.claims(obj as StoredObject)) claims.push({ host, namespace, ref, rank });
    }
  }
  return claims;
}

import { ContainerModule } from 'inversify';
import { Engine } from '../engine/engine.js';
import { CORE_KINDS } from '../kinds/core-kinds.js';
import { Kind } from '../kinds/kind.js';
import { KindRegistry } from '../kinds/kind-registry.js';
import { HostOwnershipProcessor } from '../processors/host-claims.js';
import { RouteConflictProcessor } from '../processors/route-conflict-processor.js';
import { WildcardFallthroughProcessor } from '../processors/wildcard-fallthrough-processor.js';
import { Processor } from './contribution-points.js';

/** Processors every build runs, whatever plugins load (each declares its own order). */
export const CORE_PROCESSORS = [HostOwnershipProcessor, RouteConflictProcessor, WildcardFallthroughProcessor] as const;

/** Core's own bindings: the engine, the kinds every routing API shares, and the processors that are not optional. */
export const coreModule = new ContainerModule(({ bind }) => {
  bind(Engine).toSelf().inSingletonScope();
  bind(KindRegistry).toSelf().inSingletonScope();
  for (const k of CORE_KINDS) bind<Kind>(Kind).toConstantValue(k);
  for (const p of CORE_PROCESSORS) bind(Processor).to(p).inSingletonScope();
});

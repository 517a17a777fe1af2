import { ContainerModule } from 'inversify';
import { Engine } from '../engine/engine.js';
import { IngressProcessor } from '../processors/ingress/ingress-processor.js';
import { IngressRouteProcessor } from '../processors/ingressroute/ingressroute-processor.js';
import { RouteConflictProcessor } from '../processors/route-conflict-processor.js';
import { WildcardFallthroughProcessor } from '../processors/wildcard-fallthrough-processor.js';
import { Processor } from './contribution-points.js';

/** Processors every build runs, whatever plugins load (each declares its own order). */
export const CORE_PROCESSORS = [IngressProcessor, IngressRouteProcessor, RouteConflictProcessor, WildcardFallthroughProcessor] as const;

/** Core's own bindings: the engine and the kind processors that are not optional. */
export const coreModule = new ContainerModule(({ bind }) => {
  bind(Engine).toSelf().inSingletonScope();
  for (const p of CORE_PROCESSORS) bind(Processor).to(p).inSingletonScope();
});

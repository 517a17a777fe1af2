import { ContainerModule } from 'inversify';
import { Engine } from '../engine/engine.js';
import { IngressProcessor } from '../processors/ingress/ingress-processor.js';
import { RouteConflictProcessor } from '../processors/route-conflict-processor.js';
import { Processor } from './contribution-points.js';

/** Core's own bindings: the engine and the kind processors that are not optional. */
export const coreModule = new ContainerModule(({ bind }) => {
  bind(Engine).toSelf().inSingletonScope();
  bind(Processor).to(IngressProcessor).inSingletonScope();
  bind(Processor).to(RouteConflictProcessor).inSingletonScope();
});
